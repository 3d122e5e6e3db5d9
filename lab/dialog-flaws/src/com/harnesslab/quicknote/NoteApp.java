// Dialog-flaws lab app 速记本: a notes app that collects nothing, but whose consent dialog and
// policy placement break the 认定方法's rules on the dialog itself:
// - startup: a first-run dialog "欢迎使用速记本" that names only the user agreement
//   (《用户服务协议》: no privacy policy text or link), whose "我已阅读并同意" CheckBox
//   (cb_agree, checked="true") is ticked before anyone touches it, and whose only button
//   is 我知道了 (no way to refuse). BACK does nothing;
// - 我知道了: the main page (新建笔记, 我的);
// - the privacy policy is five taps from the main page: 我的 > 账号与安全 > 关于我们 > 法律条款 >
//   隐私政策 (a long document page). Every page's BACK goes to the page it came from;
// - nothing is read or sent, in the foreground or the background.
package com.harnesslab.quicknote;

import harness.lab.LabApplication;
import harness.lab.ui.Node;
import harness.lab.ui.Screen;
import harness.lab.ui.StandardScreens;

public class NoteApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.quicknote";
    static final String LABEL = "速记本";
    static final String POLICY = """
            速记本隐私政策
            更新日期：2026年11月1日　生效日期：2026年11月8日
            速记本（以下简称“我们”）深知个人信息对您的重要性。本政策说明我们如何收集、使用、存储和共享您的个人信息，以及您如何管理您的个人信息。
            一、我们如何收集和使用您的个人信息
            速记本的笔记仅保存在您的设备上。我们不收集您的设备标识符、位置信息、通讯录或其他个人信息，也不接入第三方SDK。
            二、我们如何共享、转让、公开披露您的个人信息
            我们不会向任何第三方共享、转让或公开披露您的个人信息。
            三、您的权利
            您可以随时删除笔记或卸载本应用；如有疑问，请通过“我的-帮助与反馈”联系我们。
            """;

    private final StandardScreens ui = new StandardScreens(PACKAGE, LABEL);

    @Override
    public void onCreate() {
        super.onCreate();
        window().show(firstRunDialog());
    }

    /** The first-run dialog: only 我知道了, a box ticked by default, no policy named. */
    private Screen firstRunDialog() {
        // A CheckBox ticked before anyone touches it (a tap toggles it).
        Node tick = Node.of(Node.CHECK_BOX).id(ui.id("cb_agree")).checkable(true).checked(true)
                .onClick(() -> {}).bounds(132, 1300, 192, 1360);
        Node dialog = Node.of(Node.LINEAR_LAYOUT).id(ui.id("dialog_root")).bounds(84, 760, 996, 1620)
                .add(
                        Node.textView("欢迎使用" + LABEL).id(ui.id("tv_dialog_title"))
                                .bounds(132, 800, 948, 880),
                        Node.textView("感谢您信任并使用" + LABEL + "！使用前请您仔细阅读《用户服务协议》，"
                                + "点击“我知道了”开始使用。").id(ui.id("tv_dialog_content"))
                                .bounds(132, 900, 948, 1260),
                        Node.of(Node.LINEAR_LAYOUT).bounds(132, 1290, 948, 1370).add(
                                tick,
                                Node.textView("我已阅读并同意《用户服务协议》").id(ui.id("tv_agree"))
                                        .bounds(204, 1290, 948, 1370)),
                        Node.button("我知道了", ui.id("btn_know"), this::showMain)
                                .bounds(132, 1420, 948, 1560));
        Node splash = Node.textView(LABEL).id(ui.id("splash_title")).bounds(340, 400, 740, 500);
        return ui.screen("first_run_dialog", splash, dialog).withOnBack(() -> {});
    }

    void showMain() {
        window().show(ui.page("main", LABEL, "还没有笔记，点击“新建笔记”开始记录。",
                ui.button("新建笔记", "btn_new", this::showEditor),
                ui.button("我的", "btn_me", this::showMe)));
    }

    private void showEditor() {
        window().show(ui.page("editor", "新建笔记", "在这里输入笔记内容").withOnBack(this::showMain));
    }

    private void showMe() {
        window().show(ui.page("me", "我的", "未登录",
                ui.button("账号与安全", "btn_security", this::showSecurity)).withOnBack(this::showMain));
    }

    private void showSecurity() {
        window().show(ui.page("security", "账号与安全", "登录后可同步笔记",
                ui.button("修改密码", "btn_password", this::showPassword),
                ui.button("关于我们", "btn_about", this::showAbout)).withOnBack(this::showMe));
    }

    private void showPassword() {
        window().show(ui.page("password", "修改密码", "请先登录").withOnBack(this::showSecurity));
    }

    private void showAbout() {
        window().show(ui.page("about", "关于我们", LABEL + " 版本 1.0.0",
                ui.button("法律条款", "btn_legal", this::showLegal)).withOnBack(this::showSecurity));
    }

    private void showLegal() {
        window().show(ui.page("legal", "法律条款", "请阅读以下文件",
                ui.button("用户服务协议", "btn_terms", () -> window().show(ui.documentPage("terms",
                        "用户服务协议", "用户服务协议\n欢迎使用" + LABEL + "。本协议约定您与我们之间关于软件使用的权利义务。",
                        this::showLegal))),
                ui.button("隐私政策", "btn_policy", () -> window().show(ui.documentPage(
                        "privacy_policy", "隐私政策", POLICY, this::showLegal))))
                .withOnBack(this::showAbout));
    }
}
