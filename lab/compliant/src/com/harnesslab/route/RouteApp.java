// Compliant lab app 路线助手: a map-navigation app (type 1 of the necessity regulation, which
// needs the location) that does everything in order, so a correct harness reports nothing:
// - startup: only the privacy dialog; nothing is read and nothing is sent;
// - 同意: it asks for the location permission (after consent, for the feature that needs it).
//   Granted: it reads the location (LocationFix.current) and sends it to its own server
//   (api.harnesslab.com) to plan a route. Denied: it carries on with a manual start point;
//   it never asks again and never quits;
// - 不同意: a browse-only offline mode that reads nothing;
// - in the background: nothing (no timers, no reads);
// - 我的 → 设置 → 隐私设置 → 撤回同意 → 确定撤回: consent is withdrawn, nothing more is read or
//   sent, and the app is back at its first-run state (the privacy dialog).
package com.harnesslab.route;

import androidx.core.app.ActivityCompat;
import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;

public class RouteApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.route";
    static final int REQUEST_LOCATION = 7;
    private static final String[] LOCATION = {
        "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION"};
    private static final int GRANTED = 0;

    private final StandardScreens ui = new StandardScreens(PACKAGE, "路线助手");
    private RouteActivity activity;

    @Override
    public void onCreate() {
        super.onCreate();
        activity = attachActivity(new RouteActivity(this));
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        window().show(ui.page("locating", "路线助手", "正在获取位置权限…"));
        if (activity.checkSelfPermission(LOCATION[0]) == GRANTED) {
            onLocationPermission(true);
        } else {
            ActivityCompat.requestPermissions(activity, LOCATION, REQUEST_LOCATION);
        }
    }

    void onLocationPermission(boolean granted) {
        if (granted) {
            String where = LocationFix.current(this);
            String plan = RoutePlanner.plan(where);
            showMain("当前位置：" + where + "\n" + plan);
        } else {
            showMain("未获得位置权限。您可以手动输入出发地和目的地规划路线。");
        }
    }

    private String mainMessage = "";

    private void showMain(String message) {
        mainMessage = message;
        window().show(ui.page("main", "路线助手", message, ui.button("我的", "tab_mine", this::showMine)));
    }

    private void showMine() {
        window().show(ui.page("mine", "我的", "未登录",
                ui.button("设置", "row_settings", this::showSettings),
                ui.button("返回首页", "btn_home", () -> showMain(mainMessage)))
                .withOnBack(() -> showMain(mainMessage)));
    }

    private void showSettings() {
        window().show(ui.page("settings", "设置", "通用",
                ui.button("隐私设置", "row_privacy", this::showPrivacySettings),
                ui.button("关于路线助手", "row_about", this::showAbout))
                .withOnBack(this::showMine));
    }

    private void showAbout() {
        window().show(ui.page("about", "关于路线助手", "版本 1.0.0")
                .withOnBack(this::showSettings));
    }

    private void showPrivacySettings() {
        window().show(ui.page("privacy_settings", "隐私设置",
                "您可以随时撤回对隐私政策的同意。撤回后我们将停止收集和使用您的个人信息。",
                ui.button("撤回同意", "btn_withdraw", this::confirmWithdrawal))
                .withOnBack(this::showSettings));
    }

    private void confirmWithdrawal() {
        window().show(ui.page("withdraw_confirm", "撤回同意",
                "撤回同意后，我们将停止收集和使用您的个人信息，应用将回到首次启动时的状态。确定撤回吗？",
                ui.button("取消", "btn_cancel", this::showPrivacySettings),
                ui.button("确定撤回", "btn_confirm_withdraw", this::onWithdrawn))
                .withOnBack(this::showPrivacySettings));
    }

    /** Consent withdrawn: nothing is running to stop; back to the first-run state. */
    void onWithdrawn() {
        mainMessage = "";
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onDisagree() {
        window().show(ui.page("offline", "路线助手（离线浏览）",
                "您未同意隐私政策，可以浏览离线地图，我们不会收集任何个人信息。",
                ui.button("重新查看隐私政策", "btn_review",
                        () -> window().show(ui.privacyDialog(this::onDisagree, this::onAgree)))));
    }
}
