// Traffic tour: its screens on the 1080x2340 lab phone: the usual privacy-policy dialog
// (不同意 / 同意) and a home screen saying which was chosen.
package com.harnesslab.traffictour;

import harness.lab.ui.Node;
import harness.lab.ui.Screen;

final class Screens {
    private static final String ID = TrafficTourApp.PACKAGE + ":id/";
    static final String POLICY_TEXT = "欢迎使用流量巡览！请阅读《隐私政策》和《用户协议》，"
            + "了解我们如何收集、使用和共享您的个人信息。点击“同意”即表示您已阅读并同意上述条款。\n"
            + "Please read our Privacy Policy and User Agreement.";

    private final TrafficTourApp app;

    Screens(TrafficTourApp app) {
        this.app = app;
    }

    private static Node content(Node... children) {
        return Node.of(Node.FRAME_LAYOUT).add(
                Node.of(Node.FRAME_LAYOUT).id("android:id/content").bounds(0, 132, 1080, 2340)
                        .add(children));
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
        return Screen.of("privacy_dialog", TrafficTourApp.PACKAGE, content(dialog)).withOnBack(() -> {});
    }

    Screen home(String state) {
        return Screen.of("main", TrafficTourApp.PACKAGE, content(
                Node.textView("流量巡览").id(ID + "title").bounds(48, 180, 1032, 300),
                Node.textView(state).id(ID + "consent_state").bounds(48, 340, 1032, 420)));
    }
}
