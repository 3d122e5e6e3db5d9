// Lab app 天气通: a weather app that lets the user withdraw consent (我的 → 设置 → 隐私设置 →
// 撤回隐私授权 → 确定) but keeps collecting afterwards, the violation collect-after-withdrawal
// names:
// - startup: the privacy dialog; nothing is read and nothing is sent;
// - 同意: the "weather sync" (Heartbeat) starts: at once and then every 4 s it reads the
//   Android ID (Settings.Secure.getString) and POSTs it to the app's own server;
// - 撤回隐私授权, confirmed: the app says consent is withdrawn and shows its main page again,
//   but never stops the sync (the bug: the withdrawal is only a label);
// - 不同意: a page that reads nothing.
package com.harnesslab.sunny;

import harness.lab.LabApplication;
import harness.lab.ui.Screen;
import harness.lab.ui.StandardScreens;

public class SunnyApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.sunny";

    private final StandardScreens ui = new StandardScreens(PACKAGE, "天气通");
    private Heartbeat heartbeat;
    private String note = "今日晴，15～24℃";

    @Override
    public void onCreate() {
        super.onCreate();
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        if (heartbeat == null) {
            heartbeat = Heartbeat.start(this);
        }
        showMain();
    }

    void onDisagree() {
        window().show(ui.page("refused", "天气通", "您未同意隐私政策，可查看全国天气概况。"));
    }

    private void showMain() {
        window().show(ui.page("main", "天气通", note, ui.button("我的", "tab_mine", this::showMine)));
    }

    private Screen subPage(String name, String title, String message, Runnable back,
            harness.lab.ui.Node... buttons) {
        return ui.page(name, title, message, buttons).withOnBack(back);
    }

    private void showMine() {
        window().show(subPage("mine", "我的", "未登录", this::showMain,
                ui.button("设置", "row_settings", this::showSettings),
                ui.button("返回首页", "btn_home", this::showMain)));
    }

    private void showSettings() {
        window().show(subPage("settings", "设置", "通用", this::showMine,
                ui.button("隐私设置", "row_privacy", this::showPrivacy),
                ui.button("关于天气通", "row_about", this::showAbout)));
    }

    private void showAbout() {
        window().show(subPage("about", "关于天气通", "版本 3.2.1", this::showSettings));
    }

    private void showPrivacy() {
        window().show(subPage("privacy_settings", "隐私设置", "管理您对隐私政策的授权。", this::showSettings,
                ui.button("撤回隐私授权", "btn_revoke", this::confirm)));
    }

    private void confirm() {
        window().show(subPage("revoke_confirm", "提示",
                "撤回隐私授权后，部分功能将无法使用。是否继续？", this::showPrivacy,
                ui.button("取消", "btn_cancel", this::showPrivacy),
                ui.button("确定", "btn_ok", this::onRevoked)));
    }

    /** The withdrawal as this app does it: a note, and the sync left running. */
    void onRevoked() {
        note = "您已撤回隐私授权。今日晴，15～24℃";
        showMain();
    }
}
