// Lab app: its screens. A privacy dialog in the usual Chinese-app wording (detected by
// the harness's consent detection), and simple pages: a title, a message, buttons at the bottom.
package com.harnesslab.deals;

import harness.lab.ui.Node;
import harness.lab.ui.Screen;

final class Ui {
    private final String pkg;
    private final String appName;

    Ui(String pkg, String appName) {
        this.pkg = pkg;
        this.appName = appName;
    }

    String id(String name) {
        return pkg + ":id/" + name;
    }

    private static Node content(Node... children) {
        return Node.of(Node.FRAME_LAYOUT).add(
                Node.of(Node.FRAME_LAYOUT).id("android:id/content").bounds(0, 132, 1080, 2340)
                        .add(children));
    }

    Screen privacyDialog(Runnable onDisagree, Runnable onAgree) {
        String text = "欢迎使用" + appName + "！我们非常重视您的个人信息和隐私保护。"
                + "请阅读《隐私政策》和《用户协议》，了解我们如何收集、使用您的个人信息。"
                + "点击“同意”即表示您已阅读并同意上述条款。\nPlease read our Privacy Policy.";
        Node dialog = Node.of(Node.LINEAR_LAYOUT).id(id("dialog_root")).bounds(84, 700, 996, 1640)
                .add(
                        Node.textView("隐私政策").id(id("dialog_title")).bounds(132, 748, 948, 838),
                        Node.textView(text).id(id("dialog_message")).bounds(132, 862, 948, 1448),
                        Node.of(Node.LINEAR_LAYOUT).bounds(132, 1496, 948, 1592).add(
                                Node.button("不同意", id("btn_disagree"), onDisagree)
                                        .bounds(132, 1496, 516, 1592),
                                Node.button("同意", id("btn_agree"), onAgree)
                                        .bounds(564, 1496, 948, 1592)));
        Node splash = Node.textView(appName).id(id("splash_title")).bounds(340, 400, 740, 500);
        return Screen.of("privacy_dialog", pkg, content(splash, dialog)).withOnBack(() -> {});
    }

    /** A page: title, message, then the buttons stacked upwards from the bottom. */
    Screen page(String name, String title, String message, Node... buttons) {
        Node[] nodes = new Node[buttons.length + 2];
        nodes[0] = Node.textView(title).id(id("title")).bounds(48, 180, 1032, 300);
        nodes[1] = Node.textView(message).id(id("message")).bounds(48, 340, 1032, 900);
        for (int i = 0; i < buttons.length; i++) {
            int bottom = 2220 - (buttons.length - 1 - i) * 150;
            nodes[i + 2] = buttons[i].bounds(48, bottom - 120, 1032, bottom);
        }
        return Screen.of(name, pkg, content(nodes));
    }

    Node button(String text, String name, Runnable onClick) {
        return Node.button(text, id(name), onClick);
    }
}
