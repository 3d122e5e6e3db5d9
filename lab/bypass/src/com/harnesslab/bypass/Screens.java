// Bypass lab app: the lab's standard privacy-policy dialog (不同意 / 同意) and a home screen
// saying which was chosen, on the 1080x2340 lab phone.
package com.harnesslab.bypass;

import harness.lab.ui.Node;
import harness.lab.ui.Screen;
import harness.lab.ui.StandardScreens;

final class Screens {
    private static final String POLICY_TEXT = "欢迎使用直连推送！请阅读《隐私政策》和《用户协议》，"
            + "了解我们如何收集、使用和共享您的个人信息。点击“同意”即表示您已阅读并同意上述条款。\n"
            + "Please read our Privacy Policy and User Agreement.";

    private final BypassApp app;
    private final StandardScreens standard = new StandardScreens(BypassApp.PACKAGE, "直连推送");

    Screens(BypassApp app) {
        this.app = app;
    }

    Screen privacyDialog() {
        return standard.privacyDialog(POLICY_TEXT, app::onDisagree, app::onAgree);
    }

    Screen home(String state) {
        return standard.screen("main",
                Node.textView("直连推送").id(standard.id("title")).bounds(48, 180, 1032, 300),
                Node.textView(state).id(standard.id("consent_state")).bounds(48, 340, 1032, 420));
    }
}
