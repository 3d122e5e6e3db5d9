// Lab app 随手记: a note-taking app whose way to withdraw consent is buried eight taps deep
// (我的 → 设置 → 关于 → 法律条款 → 隐私政策 → 历史版本 → 更多 → 数据管理 → 撤回同意), out of any
// reasonable reach: the case no-withdrawal-path names. It collects nothing at all, so that
// rule is the only one it can trip.
// - startup: the privacy dialog;
// - 同意: the notes page (我的, 新建笔记);
// - 不同意: a page.
package com.harnesslab.notes;

import harness.lab.LabApplication;
import harness.lab.ui.Node;
import harness.lab.ui.StandardScreens;

public class NotesApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.notes";

    private final StandardScreens ui = new StandardScreens(PACKAGE, "随手记");

    @Override
    public void onCreate() {
        super.onCreate();
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        showMain();
    }

    void onDisagree() {
        window().show(ui.page("refused", "随手记", "您未同意隐私政策，无法同步笔记。"));
    }

    private void showMain() {
        window().show(ui.page("main", "随手记", "还没有笔记",
                ui.button("新建笔记", "btn_new", this::showEditor),
                ui.button("我的", "tab_mine", this::showMine)));
    }

    private void show(String name, String title, String message, Runnable back, Node... buttons) {
        window().show(ui.page(name, title, message, buttons).withOnBack(back));
    }

    private void showEditor() {
        show("editor", "新建笔记", "（空白笔记）", this::showMain,
                ui.button("完成", "btn_done", this::showMain));
    }

    private void showMine() {
        show("mine", "我的", "未登录", this::showMain,
                ui.button("设置", "row_settings", this::showSettings));
    }

    private void showSettings() {
        show("settings", "设置", "通用", this::showMine,
                ui.button("字体大小", "row_font", this::showFont),
                ui.button("关于随手记", "row_about", this::showAbout));
    }

    private void showFont() {
        show("font", "字体大小", "标准", this::showSettings);
    }

    private void showAbout() {
        show("about", "关于随手记", "版本 2.0.4", this::showSettings,
                ui.button("法律条款", "row_legal", this::showLegal));
    }

    private void showLegal() {
        show("legal", "法律条款", "用户协议与隐私政策", this::showAbout,
                ui.button("查看隐私政策", "row_policy", this::showPolicy));
    }

    private void showPolicy() {
        show("policy", "隐私政策", "随手记隐私政策（2026年版）", this::showLegal,
                ui.button("历史版本", "row_history", this::showHistory));
    }

    private void showHistory() {
        show("history", "历史版本", "2025年版、2024年版", this::showPolicy,
                ui.button("更多", "row_more", this::showMore));
    }

    private void showMore() {
        show("more", "更多", "", this::showHistory,
                ui.button("数据管理", "row_data", this::showData));
    }

    private void showData() {
        show("data", "数据管理", "", this::showMore,
                ui.button("撤回同意", "btn_withdraw", this::showMain));
    }
}
