// Shop lab app: cart, checkout, account, settings, coupons and the nearby-stores screen (the
// one that asks for the location permission).
package com.harnesslab.shop;

import static com.harnesslab.shop.ShopScreens.ID;
import static com.harnesslab.shop.ShopScreens.screen;
import static com.harnesslab.shop.ShopScreens.title;

import harness.lab.ui.Node;
import harness.lab.ui.Screen;

final class MoreScreens {
    private final ShopApp app;

    MoreScreens(ShopApp app) {
        this.app = app;
    }

    Screen cart() {
        Node items = Node.of(Node.LINEAR_LAYOUT).id(ID + "cart_items").bounds(0, 280, 1080, 1900);
        int y = 280;
        int total = 0;
        for (Products.Product p : app.cart) {
            items.add(Node.textView(p.name() + "  ¥" + p.price()).id(ID + "cart_item").bounds(48, y, 1032, y + 90));
            total += p.price();
            y += 100;
            if (y > 1800) {
                break;
            }
        }
        if (app.cart.isEmpty()) {
            items.add(Node.textView("购物车是空的").id(ID + "cart_empty").bounds(48, 280, 1032, 380));
        }
        return screen("cart", title("购物车"), items,
                Node.textView("合计：¥" + total).id(ID + "cart_total").bounds(48, 1960, 600, 2060),
                Node.button("去结算", ID + "btn_checkout", () -> app.open(this::checkout))
                        .enabled(!app.cart.isEmpty()).bounds(620, 1960, 1032, 2080),
                ShopScreens.tabs(app));
    }

    Screen checkout() {
        Node address = Node.editText("请输入收货地址", ID + "et_address").bounds(48, 400, 1032, 520);
        return screen("checkout", title("确认订单"),
                Node.textView("收货地址").id(ID + "address_label").bounds(48, 280, 1032, 380),
                address,
                Node.textView("共 " + app.cart.size() + " 件商品").id(ID + "order_count").bounds(48, 560, 1032, 640),
                Node.button("提交订单", ID + "btn_submit_order", () -> {
                    app.lastOrderAddress = address.text();
                    app.cart.clear();
                    app.open(this::orderDone);
                }).bounds(48, 2100, 1032, 2220));
    }

    Screen orderDone() {
        return screen("order_done", title("订单已提交"),
                Node.textView("收货地址：" + app.lastOrderAddress).id(ID + "order_address").bounds(48, 280, 1032, 380),
                Node.button("返回首页", ID + "btn_go_home", () -> app.tab(null)).bounds(48, 2100, 1032, 2220));
    }

    Screen mine() {
        String who = app.loggedIn ? "已登录" : "未登录";
        return screen("mine", title("我的"),
                Node.textView(who).id(ID + "login_state").bounds(48, 280, 1032, 380),
                Node.button("登录/注册", ID + "btn_login", () -> app.open(this::login)).bounds(48, 400, 1032, 520),
                Node.textView("我的收藏（" + app.favourites.size() + "）").id(ID + "favourites").bounds(48, 560, 1032, 640),
                Node.button("设置", ID + "btn_settings", () -> app.open(this::settings)).bounds(48, 680, 1032, 800),
                ShopScreens.tabs(app));
    }

    Screen login() {
        Node phone = Node.editText("请输入手机号", ID + "et_phone").bounds(48, 300, 1032, 420);
        Node password = Node.editText("请输入密码", ID + "et_password").password(true).bounds(48, 460, 1032, 580);
        return screen("login", title("登录"), phone, password,
                Node.button("登录", ID + "btn_do_login", () -> {
                    app.loggedIn = !phone.text().isEmpty() && !password.text().isEmpty();
                    app.back();
                }).bounds(48, 640, 1032, 760));
    }

    Screen settings() {
        return screen("settings", title("设置"),
                Node.button("隐私政策", ID + "btn_policy", () -> app.open(app.screens()::policy)).bounds(48, 280, 1032, 400),
                Node.button("关于好物商城", ID + "btn_about", () -> app.open(this::about)).bounds(48, 420, 1032, 540),
                Node.button("清除缓存", ID + "btn_clear_cache", () -> {}).bounds(48, 560, 1032, 680));
    }

    Screen about() {
        return screen("about", title("关于好物商城"),
                Node.textView("版本 2.3.0 (host lab)").id(ID + "about_version").bounds(48, 280, 1032, 380));
    }

    Screen coupons() {
        Node list = Node.of(Node.LINEAR_LAYOUT).id(ID + "coupon_list").bounds(0, 280, 1080, 1000);
        int[] values = {5, 10, 20};
        int y = 280;
        for (int i = 0; i < values.length; i++) {
            int id = i;
            boolean taken = app.coupons.contains(id);
            list.add(Node.textView("满 " + values[i] * 10 + " 减 " + values[i]).id(ID + "coupon_title").bounds(48, y, 700, y + 120),
                    Node.button(taken ? "已领取" : "领取", ID + "btn_take_coupon", () -> {
                        app.coupons.add(id);
                        app.render();
                    }).enabled(!taken).bounds(720, y, 1032, y + 120));
            y += 160;
        }
        return screen("coupons", title("领券中心"), list);
    }

    Screen stores() {
        return screen("stores", title("附近门店"),
                Node.textView(app.storesText()).id(ID + "stores_text").bounds(48, 280, 1032, 480));
    }
}
