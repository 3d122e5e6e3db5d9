// Host-lab UI: the screens most lab apps share, for one app (its package and name). A privacy
// dialog in the usual Chinese-app wording, centred over the app's splash title, with 不同意 /
// 同意 buttons (what the harness's consent detection must find), and plain pages: a title, a
// message and buttons stacked at the bottom. Resource ids are "<package>:id/<name>", as aapt
// names them. Apps with screens of their own build them from content() and id().
package harness.lab.ui;

public final class StandardScreens {
    private final String packageName;
    private final String appName;

    public StandardScreens(String packageName, String appName) {
        this.packageName = packageName;
        this.appName = appName;
    }

    /** The default policy message: names 《隐私政策》《用户协议》 and "Privacy Policy". */
    public static String policyText(String appName) {
        return "欢迎使用" + appName + "！我们非常重视您的个人信息和隐私保护。"
                + "请阅读《隐私政策》和《用户协议》，了解我们如何收集、使用您的个人信息。"
                + "点击“同意”即表示您已阅读并同意上述条款。\nPlease read our Privacy Policy.";
    }

    /** A content root filling the screen below the status bar, as Android's android:id/content. */
    public static Node content(Node... children) {
        return Node.of(Node.FRAME_LAYOUT).add(
                Node.of(Node.FRAME_LAYOUT).id("android:id/content").bounds(0, 132, 1080, 2340)
                        .add(children));
    }

    /** "<package>:id/<name>". */
    public String id(String name) {
        return packageName + ":id/" + name;
    }

    public Screen screen(String name, Node... children) {
        return Screen.of(name, packageName, content(children));
    }

    public Screen privacyDialog(Runnable onDisagree, Runnable onAgree) {
        return privacyDialog(policyText(appName), onDisagree, onAgree);
    }

    /** The privacy dialog (screen "privacy_dialog") with the app's own policy message. */
    public Screen privacyDialog(String message, Runnable onDisagree, Runnable onAgree) {
        return privacyDialog(message, onDisagree, onAgree, null, null);
    }

    /**
     * The privacy dialog with links under its message, as real apps have: 《隐私政策》 opens the
     * full policy (onPolicy) and 《第三方SDK共享清单》 the SDK list (onSdkList); null: no link.
     */
    public Screen privacyDialog(String message, Runnable onDisagree, Runnable onAgree,
            Runnable onPolicy, Runnable onSdkList) {
        boolean links = onPolicy != null || onSdkList != null;
        Node dialog = Node.of(Node.LINEAR_LAYOUT).id(id("dialog_root")).bounds(84, 700, 996, 1640)
                .add(
                        Node.textView("隐私政策").id(id("dialog_title")).bounds(132, 748, 948, 838),
                        Node.textView(message).id(id("dialog_message"))
                                .bounds(132, 862, 948, links ? 1376 : 1448));
        if (links) {
            Node row = Node.of(Node.LINEAR_LAYOUT).bounds(132, 1384, 948, 1464);
            if (onPolicy != null) {
                row.add(Node.textView("《隐私政策》").id(id("link_policy")).onClick(onPolicy)
                        .bounds(132, 1384, 420, 1464));
            }
            if (onSdkList != null) {
                row.add(Node.textView("《第三方SDK共享清单》").id(id("link_sdk_list")).onClick(onSdkList)
                        .bounds(444, 1384, 948, 1464));
            }
            dialog.add(row);
        }
        dialog.add(Node.of(Node.LINEAR_LAYOUT).bounds(132, 1496, 948, 1592).add(
                Node.button("不同意", id("btn_disagree"), onDisagree).bounds(132, 1496, 516, 1592),
                Node.button("同意", id("btn_agree"), onAgree).bounds(564, 1496, 948, 1592)));
        Node splash = Node.textView(appName).id(id("splash_title")).bounds(340, 400, 740, 500);
        // The dialog cannot be dismissed with BACK, as in most apps that require consent.
        return screen("privacy_dialog", splash, dialog).withOnBack(() -> {});
    }

    /**
     * A long document (screen `name`): its title and a 返回 button above a scroll view holding
     * one TextView per line of `text`, sized for the characters it wraps to; a line with " | "
     * is a table row, one TextView per cell side by side. Swipes scroll it; BACK and 返回 run
     * onBack.
     */
    public Screen documentPage(String name, String title, String text, Runnable onBack) {
        Node list = Node.scrollView(Node.SCROLL_VIEW, id("document")).bounds(0, 300, 1080, 2340);
        int top = 300;
        for (String line : text.strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.contains(" | ") ? line.strip().split(" \\| ") : new String[] {line.strip()};
            int width = 984 / cells.length;
            int height = 0;
            for (String cell : cells) {
                height = Math.max(height, wrappedHeight(cell, width));
            }
            Node row = Node.of(Node.LINEAR_LAYOUT).bounds(48, top, 1032, top + height);
            for (int i = 0; i < cells.length; i++) {
                row.add(Node.textView(cells[i].strip())
                        .bounds(48 + i * width, top, 48 + (i + 1) * width, top + height));
            }
            list.add(row);
            top += height + 12;
        }
        return screen(name,
                Node.textView(title).id(id("title")).bounds(48, 160, 800, 280),
                button("返回", "btn_back", onBack).bounds(840, 160, 1032, 280),
                list).withOnBack(onBack);
    }

    /** Lines of about 42 px characters (half for Latin) in `width` px, 60 px each. */
    private static int wrappedHeight(String text, int width) {
        int units = 0;
        for (char c : text.toCharArray()) {
            units += c < 0x2E80 ? 1 : 2;
        }
        int perLine = Math.max(1, width / 21);
        return 60 * Math.max(1, (units + perLine - 1) / perLine) + 12;
    }

    /** A page: title, message, then the buttons stacked upwards from the bottom. */
    public Screen page(String name, String title, String message, Node... buttons) {
        Node[] nodes = new Node[buttons.length + 2];
        nodes[0] = Node.textView(title).id(id("title")).bounds(48, 180, 1032, 300);
        nodes[1] = Node.textView(message).id(id("message")).bounds(48, 340, 1032, 900);
        for (int i = 0; i < buttons.length; i++) {
            int bottom = 2220 - (buttons.length - 1 - i) * 150;
            nodes[i + 2] = buttons[i].bounds(48, bottom - 120, 1032, bottom);
        }
        return screen(name, nodes);
    }

    /** A button with the resource id "<package>:id/<name>"; page() places it. */
    public Node button(String text, String name, Runnable onClick) {
        return Node.button(text, id(name), onClick);
    }
}
