// Calibration lab app: its screens on the 1080x2340 lab phone. The privacy dialog uses the
// usual Chinese-app wording and a centred dialog with 不同意 / 同意 buttons.
package com.harnesslab.calibration;

import harness.lab.ui.Node;
import harness.lab.ui.Screen;

final class Screens {
    private static final String ID = CalibrationApp.PACKAGE + ":id/";
    static final String POLICY_TEXT = "欢迎使用校准助手！我们非常重视您的个人信息和隐私保护。"
            + "请阅读《隐私政策》和《用户协议》，了解我们如何收集、使用和共享您的个人信息。"
            + "点击“同意”即表示您已阅读并同意上述条款。\n"
            + "Please read our Privacy Policy and User Agreement.";

    private final CalibrationApp app;

    Screens(CalibrationApp app) {
        this.app = app;
    }

    /** A content root filling the screen, as Android's android:id/content FrameLayout. */
    private static Node content(Node... children) {
        return Node.of(Node.FRAME_LAYOUT).add(
                Node.of(Node.FRAME_LAYOUT).id("android:id/content").bounds(0, 132, 1080, 2340)
                        .add(children));
    }

    private static Screen screen(String name, Node root) {
        return Screen.of(name, CalibrationApp.PACKAGE, root);
    }

    Screen privacyDialog() {
        Node dialog = Node.of(Node.LINEAR_LAYOUT).id(ID + "dialog_root").bounds(84, 700, 996, 1640)
                .add(
                        Node.textView("隐私政策").id(ID + "dialog_title").bounds(132, 748, 948, 838),
                        Node.textView(POLICY_TEXT).id(ID + "dialog_message").bounds(132, 862, 948, 1448),
                        Node.of(Node.LINEAR_LAYOUT).bounds(132, 1496, 948, 1592).add(
                                Node.button("不同意", ID + "btn_disagree", app::onDisagree)
                                        .bounds(132, 1496, 516, 1592),
                                Node.button("同意", ID + "btn_agree", app::onAgree)
                                        .bounds(564, 1496, 948, 1592)));
        Node splash = Node.textView("校准助手").id(ID + "splash_title").bounds(340, 400, 740, 500);
        // The dialog cannot be dismissed with BACK, as in most apps that require consent.
        return screen("privacy_dialog", content(splash, dialog)).withOnBack(() -> {});
    }

    Screen home(String where) {
        return screen("main", content(
                Node.textView("校准助手").id(ID + "title").bounds(48, 180, 1032, 300),
                Node.textView("已同意隐私政策").id(ID + "consent_state").bounds(48, 340, 1032, 420),
                Node.textView("当前位置：" + where).id(ID + "location").bounds(48, 460, 1032, 540),
                Node.button("关于", ID + "btn_about", () -> app.onAbout(where))
                        .bounds(48, 2100, 1032, 2220)));
    }

    Screen about(String where) {
        return screen("about", content(
                Node.textView("关于校准助手").id(ID + "about_title").bounds(48, 180, 1032, 300),
                Node.textView("版本 1.0 (host lab)").id(ID + "about_version").bounds(48, 340, 1032, 420),
                Node.button("返回", ID + "btn_back", () -> app.onHome(where))
                        .bounds(48, 2100, 1032, 2220)))
                .withOnBack(() -> app.onHome(where));
    }

    Screen refused() {
        return screen("refused", content(
                Node.textView("您需要同意隐私政策后才能使用本应用").id(ID + "refused_message")
                        .bounds(48, 900, 1032, 1040),
                Node.button("重新查看", ID + "btn_review", app::showPrivacyDialog)
                        .bounds(48, 1200, 1032, 1320),
                Node.button("退出", ID + "btn_exit", app::onExit).bounds(48, 1380, 1032, 1500)));
    }
}
