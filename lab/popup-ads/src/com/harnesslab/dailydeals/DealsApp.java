// Popup-ads lab app 每日优选: a shopping-deals app that asks for consent properly and collects
// nothing, but shows an ad pop-up that breaks the pop-up rules:
// - startup: the standard privacy dialog (不同意 / 同意, 《隐私政策》 named);
// - 同意: the main page (我的) with a coupon ad over it (popup_ad): a large ad image (clickable,
//   as real ad views are) and a 立即领取 button, and no close mark at all (no 关闭, no ×, no
//   skip). BACK does not dismiss it. A tap on the ad image, away from the button, opens the
//   ad's landing page (ad_landing): a jump on a tap outside the button. BACK from there goes
//   to the main page without the ad;
// - the privacy policy is two taps from the main page (我的 > 隐私政策);
// - 不同意: a browse-only page; nothing is read or sent in any phase.
package com.harnesslab.dailydeals;

import harness.lab.LabApplication;
import harness.lab.ui.Node;
import harness.lab.ui.Screen;
import harness.lab.ui.StandardScreens;
import java.util.Arrays;

public class DealsApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.dailydeals";
    static final String LABEL = "每日优选";
    static final String POLICY = """
            每日优选隐私政策
            更新日期：2026年11月1日
            本政策说明每日优选如何收集、使用和保护您的个人信息。
            一、我们收集的信息：浏览优惠信息无需提供任何个人信息；我们不读取您的设备标识符、位置或通讯录。
            二、共享：我们不会向第三方共享您的个人信息。
            三、您的权利：您可以在“我的”中查阅本政策，或卸载本应用。
            """;

    private final StandardScreens ui = new StandardScreens(PACKAGE, LABEL);

    @Override
    public void onCreate() {
        super.onCreate();
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        window().show(mainWithAd());
    }

    /** The main page under a coupon ad that has no close mark; BACK leaves it up. */
    private Screen mainWithAd() {
        Node ad = Node.of(Node.FRAME_LAYOUT).id(ui.id("popup_ad")).bounds(140, 640, 940, 1700)
                .background(0xFFF4E0).add(
                        Node.of(Node.IMAGE_VIEW).id(ui.id("iv_ad_image")).desc("新人专享红包")
                                .onClick(this::showLanding).bounds(140, 640, 940, 1500),
                        Node.button("立即领取", ui.id("btn_claim"), this::showLanding)
                                .bounds(240, 1540, 840, 1660));
        Node mask = Node.of(Node.FRAME_LAYOUT).id(ui.id("ad_mask")).bounds(0, 132, 1080, 2340).add(ad);
        Node[] page = mainNodes();
        Node[] all = Arrays.copyOf(page, page.length + 1);
        all[page.length] = mask;  // drawn last: over the page
        return ui.screen("main_ad", all).withOnBack(() -> {});
    }

    private Node[] mainNodes() {
        return new Node[] {
            Node.textView(LABEL).id(ui.id("title")).bounds(48, 180, 1032, 300),
            Node.textView("今日特惠：精选好物限时折扣").id(ui.id("message")).bounds(48, 340, 1032, 900),
            ui.button("我的", "btn_me", this::showMe).bounds(48, 2100, 1032, 2220),
        };
    }

    void showMain() {
        window().show(ui.screen("main", mainNodes()));
    }

    private void showLanding() {
        window().show(ui.page("ad_landing", "新人红包", "恭喜获得 100 元新人红包，下载合作伙伴App即可使用。")
                .withOnBack(this::showMain));
    }

    private void showMe() {
        window().show(ui.page("me", "我的", "未登录",
                ui.button("隐私政策", "btn_policy", () -> window().show(ui.documentPage(
                        "privacy_policy", "隐私政策", POLICY, this::showMe))))
                .withOnBack(this::showMain));
    }

    void onDisagree() {
        window().show(ui.page("browse", LABEL + "（仅浏览）", "您未同意隐私政策，可以浏览今日特惠。"));
    }
}
