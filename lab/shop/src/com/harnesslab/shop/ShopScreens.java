// Shop lab app: the privacy dialog, the home screens (full and browse-only), search results,
// product pages and the policy text, on the 1080x2340 lab phone.
package com.harnesslab.shop;

import harness.lab.ui.Node;
import harness.lab.ui.Screen;
import harness.lab.ui.StandardScreens;
import java.util.List;

final class ShopScreens {
    static final String ID = ShopApp.PACKAGE + ":id/";
    static final String POLICY_TEXT = "感谢您信任并使用好物商城！我们依据法律法规制定了《用户服务协议》和《隐私政策》，"
            + "帮助您了解我们如何收集、使用、存储和共享您的个人信息，以及您享有的相关权利。"
            + "请您在点击“同意并继续”前仔细阅读并充分理解。";
    private static final int ROW = 200;

    private final ShopApp app;

    ShopScreens(ShopApp app) {
        this.app = app;
    }

    static Screen screen(String name, Node... children) {
        return Screen.of(name, ShopApp.PACKAGE, StandardScreens.content(children));
    }

    static Node title(String text) {
        return Node.textView(text).id(ID + "title").bounds(48, 150, 1032, 250);
    }

    Screen privacyDialog() {
        Node dialog = Node.of(Node.LINEAR_LAYOUT).id(ID + "dialog_root").background(0xFFFFFF)
                .bounds(84, 640, 996, 1700).add(
                        Node.textView("个人信息保护指引").id(ID + "dialog_title").bounds(132, 690, 948, 780),
                        Node.textView(POLICY_TEXT).id(ID + "dialog_message").bounds(132, 800, 948, 1330),
                        Node.textView("《隐私政策》").id(ID + "link_policy").bounds(132, 1350, 540, 1430)
                                .onClick(() -> app.open(this::policy)),
                        Node.button("不同意", ID + "btn_disagree", app::onDisagree).bounds(132, 1560, 516, 1656),
                        Node.button("同意并继续", ID + "btn_agree", app::onAgree).bounds(564, 1560, 948, 1656));
        Node scrim = Node.of(Node.FRAME_LAYOUT).background(0x9E9E9E).bounds(0, 132, 1080, 2340);
        Node splash = Node.textView("好物商城").id(ID + "splash_title").bounds(340, 400, 740, 500);
        // The dialog cannot be dismissed with BACK.
        return screen("privacy_dialog", splash, scrim, dialog).withOnBack(() -> {});
    }

    Screen policy() {
        return screen("policy", title("隐私政策"),
                Node.textView(POLICY_TEXT + "\n一、我们如何收集和使用您的个人信息\n二、我们如何共享您的个人信息\n"
                        + "三、您的权利\n四、联系我们").id(ID + "policy_text").bounds(48, 280, 1032, 2200));
    }

    /** The product list: a RecyclerView whose rows extend below it until scrolled. */
    Node productList(List<Products.Product> products, int top, int bottom) {
        Node list = Node.scrollView(Node.RECYCLER_VIEW, ID + "product_list").bounds(0, top, 1080, bottom);
        int y = top;
        for (Products.Product p : products) {
            Node row = Node.of(Node.LINEAR_LAYOUT).id(ID + "item_root").bounds(0, y, 1080, y + ROW)
                    .onClick(() -> app.openProduct(p))
                    .onLongClick(() -> toggleFavourite(p))
                    .add(
                            Node.of(Node.IMAGE_VIEW).id(ID + "item_image").bounds(32, y + 20, 192, y + 180),
                            Node.textView(p.name()).id(ID + "item_title").bounds(220, y + 24, 1040, y + 100),
                            Node.textView("¥" + p.price()).id(ID + "item_price").bounds(220, y + 110, 600, y + 176));
            if (app.favourites.contains(p.id())) {
                row.add(Node.textView("已收藏").id(ID + "item_favourite").bounds(840, y + 110, 1040, y + 176));
            }
            list.add(row);
            y += ROW;
        }
        return list;
    }

    private void toggleFavourite(Products.Product p) {
        if (!app.favourites.remove(p.id())) {
            app.favourites.add(p.id());
        }
        app.render();
    }

    static Node tabs(ShopApp app) {
        return Node.of(Node.LINEAR_LAYOUT).id(ID + "tab_bar").bounds(0, 2200, 1080, 2340).add(
                Node.button("首页", ID + "tab_home", () -> app.tab(null)).bounds(0, 2200, 270, 2340),
                Node.button("分类", ID + "tab_category", () -> app.tab(app.screens()::category))
                        .bounds(270, 2200, 540, 2340),
                Node.button("购物车", ID + "tab_cart", () -> app.tab(app.more()::cart)).bounds(540, 2200, 810, 2340),
                Node.button("我的", ID + "tab_mine", () -> app.tab(app.more()::mine)).bounds(810, 2200, 1080, 2340));
    }

    Screen home() {
        Node field = Node.editText("搜索商品", ID + "et_search").bounds(32, 270, 800, 370)
                .onSubmit(app::search);
        return screen("home",
                Node.textView("好物商城").id(ID + "title").bounds(48, 150, 1032, 250),
                field,
                Node.button("搜索", ID + "btn_search", () -> app.search(field.text())).bounds(820, 270, 1048, 370),
                Node.button("附近门店", ID + "btn_stores", app::openStores).bounds(32, 390, 530, 490),
                Node.button("领券中心", ID + "btn_coupons", () -> app.open(app.more()::coupons))
                        .bounds(550, 390, 1048, 490),
                productList(Products.ALL, 510, 2200),
                tabs(app));
    }

    Screen basicHome() {
        return screen("basic_home",
                Node.textView("您正在使用基本浏览模式，部分功能不可用").id(ID + "basic_banner").bounds(48, 150, 1032, 250),
                Node.button("同意隐私政策，使用完整服务", ID + "btn_full_mode", app::reviewPolicy).bounds(48, 270, 1032, 380),
                productList(Products.ALL, 400, 2340));
    }

    Screen search(String query) {
        List<Products.Product> found = query.isEmpty() ? List.of() : Products.matching(query);
        Node result = found.isEmpty()
                ? Node.textView("没有找到与“" + query + "”相关的商品").id(ID + "empty").bounds(48, 400, 1032, 500)
                : productList(found, 280, 2340);
        return screen("search", title("搜索：" + query), result);
    }

    Screen detail(Products.Product p) {
        boolean full = !app.basicMode();
        String fav = app.favourites.contains(p.id()) ? "已收藏" : "长按商品可收藏";
        return screen("detail",
                title(p.name()),
                Node.of(Node.IMAGE_VIEW).id(ID + "detail_image").bounds(48, 280, 1032, 1000),
                Node.textView("¥" + p.price()).id(ID + "detail_price").bounds(48, 1040, 1032, 1130),
                Node.textView(p.category() + " · " + fav).id(ID + "detail_info").bounds(48, 1150, 1032, 1240),
                Node.textView("购物车：" + app.cart.size() + " 件").id(ID + "cart_count").bounds(48, 1260, 1032, 1340),
                Node.button("加入购物车", ID + "btn_add_cart", () -> {
                    app.cart.add(p);
                    app.render();
                }).enabled(full).bounds(48, 2100, 530, 2220),
                Node.button("立即购买", ID + "btn_buy", () -> {
                    app.cart.add(p);
                    app.open(app.more()::checkout);
                }).enabled(full).bounds(550, 2100, 1032, 2220));
    }

    Screen category() {
        Node list = Node.of(Node.LINEAR_LAYOUT).id(ID + "category_list").bounds(0, 280, 1080, 1480);
        int y = 280;
        for (String name : Products.CATEGORIES) {
            list.add(Node.button(name, ID + "category_item", () -> app.search(name)).bounds(48, y, 1032, y + 200));
            y += 240;
        }
        return screen("category", title("分类"), list, tabs(app));
    }
}
