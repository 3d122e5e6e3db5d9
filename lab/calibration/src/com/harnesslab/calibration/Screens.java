// Calibration lab app: its screens on the 1080x2340 lab phone. The privacy dialog is the lab's
// standard one (不同意 / 同意) with this app's policy message; the other pages are its own.
package com.harnesslab.calibration;

import harness.lab.ui.Node;
import harness.lab.ui.Screen;
import harness.lab.ui.StandardScreens;

final class Screens {
    private static final String POLICY_TEXT = "欢迎使用校准助手！我们非常重视您的个人信息和隐私保护。"
            + "请阅读《隐私政策》和《用户协议》，了解我们如何收集、使用和共享您的个人信息。"
            + "点击“同意”即表示您已阅读并同意上述条款。\n"
            + "Please read our Privacy Policy and User Agreement.";

    private final CalibrationApp app;
    private final StandardScreens standard = new StandardScreens(CalibrationApp.PACKAGE, "校准助手");

    Screens(CalibrationApp app) {
        this.app = app;
    }

    private String id(String name) {
        return standard.id(name);
    }

    Screen privacyDialog() {
        return standard.privacyDialog(POLICY_TEXT, app::onDisagree, app::onAgree);
    }

    Screen home(String where) {
        return standard.screen("main",
                Node.textView("校准助手").id(id("title")).bounds(48, 180, 1032, 300),
                Node.textView("已同意隐私政策").id(id("consent_state")).bounds(48, 340, 1032, 420),
                Node.textView("当前位置：" + where).id(id("location")).bounds(48, 460, 1032, 540),
                Node.button("关于", id("btn_about"), () -> app.onAbout(where))
                        .bounds(48, 2100, 1032, 2220));
    }

    Screen about(String where) {
        return standard.screen("about",
                Node.textView("关于校准助手").id(id("about_title")).bounds(48, 180, 1032, 300),
                Node.textView("版本 1.0 (host lab)").id(id("about_version")).bounds(48, 340, 1032, 420),
                Node.button("返回", id("btn_back"), () -> app.onHome(where))
                        .bounds(48, 2100, 1032, 2220))
                .withOnBack(() -> app.onHome(where));
    }

    Screen refused() {
        return standard.screen("refused",
                Node.textView("您需要同意隐私政策后才能使用本应用").id(id("refused_message"))
                        .bounds(48, 900, 1032, 1040),
                Node.button("重新查看", id("btn_review"), app::showPrivacyDialog)
                        .bounds(48, 1200, 1032, 1320),
                Node.button("退出", id("btn_exit"), app::onExit).bounds(48, 1380, 1032, 1500));
    }
}
