// Compliant lab app 路线助手: a map-navigation app (type 1 of the necessity regulation, which
// needs the location) that does everything in order, so a correct harness reports nothing:
// - startup: only the privacy dialog; nothing is read and nothing is sent;
// - 同意: it asks for the location permission (after consent, for the feature that needs it).
//   Granted: it reads the location (LocationFix.current) and sends it to its own server
//   (api.harnesslab.com) to plan a route. Denied: it carries on with a manual start point;
//   it never asks again and never quits;
// - 不同意: a browse-only offline mode that reads nothing;
// - in the background: nothing (no timers, no reads).
// Its pop-up and its policy are in order too: after the permission answer an upgrade prompt
// (update_dialog: 以后再说 / 立即更新, BACK dismisses it, its body opens nothing) shows over the
// main page, and the privacy policy is two taps from the main page (我的 > 隐私政策).
// Consent can be withdrawn: 我的 → 设置 → 隐私设置 → 撤回同意 → 确定撤回; nothing more is read or
// sent, and the app is back at its first-run state (the privacy dialog).
package com.harnesslab.route;

import androidx.core.app.ActivityCompat;
import harness.lab.LabApplication;
import harness.lab.ui.Node;
import harness.lab.ui.Screen;
import harness.lab.ui.StandardScreens;
import java.util.Arrays;

public class RouteApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.route";
    static final int REQUEST_LOCATION = 7;
    private static final String[] LOCATION = {
        "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION"};
    private static final int GRANTED = 0;

    static final String POLICY = """
            路线助手隐私政策
            更新日期：2026年11月1日
            一、我们收集的信息：在您同意本政策并授予位置权限后，我们读取您的当前位置，仅用于规划路线，并发送至我们的服务器 api.harnesslab.com。
            二、共享：我们不会向第三方共享您的个人信息。
            三、您的权利：您可以随时在系统设置中撤回位置权限，或在“我的”中查阅本政策。
            """;

    private final StandardScreens ui = new StandardScreens(PACKAGE, "路线助手");
    private RouteActivity activity;
    private String mainMessage = "";

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
            mainMessage = "当前位置：" + where + "\n" + plan;
        } else {
            mainMessage = "未获得位置权限。您可以手动输入出发地和目的地规划路线。";
        }
        window().show(mainWithUpdatePrompt());
    }

    private Node[] mainNodes() {
        return new Node[] {
            Node.textView("路线助手").id(ui.id("title")).bounds(48, 180, 1032, 300),
            Node.textView(mainMessage).id(ui.id("message")).bounds(48, 340, 1032, 900),
            ui.button("我的", "btn_me", this::showMe).bounds(48, 2100, 1032, 2220),
        };
    }

    void showMain() {
        window().show(ui.screen("main", mainNodes()));
    }

    /** An upgrade prompt over the main page: closable (以后再说), BACK dismisses it. */
    private Screen mainWithUpdatePrompt() {
        Node prompt = Node.of(Node.LINEAR_LAYOUT).id(ui.id("update_dialog"))
                .bounds(96, 820, 984, 1580).background(0xFFFFFF).add(
                        Node.textView("发现新版本 v2.1.0").id(ui.id("update_title"))
                                .bounds(144, 860, 936, 950),
                        Node.textView("1. 路线规划更准确\n2. 修复已知问题").id(ui.id("update_notes"))
                                .bounds(144, 980, 936, 1400),
                        Node.button("以后再说", ui.id("btn_later"), this::showMain)
                                .bounds(120, 1460, 520, 1560),
                        Node.button("立即更新", ui.id("btn_update"), this::showMain)
                                .bounds(560, 1460, 960, 1560));
        Node[] page = mainNodes();
        Node[] all = Arrays.copyOf(page, page.length + 1);
        all[page.length] = prompt;  // drawn last: over the page
        return ui.screen("main_update", all).withOnBack(this::showMain);
    }

    private void showMe() {
        window().show(ui.page("me", "我的", "路线助手 版本 2.0.0",
                ui.button("隐私政策", "btn_policy", () -> window().show(ui.documentPage(
                        "privacy_policy", "隐私政策", POLICY, this::showMe))),
                ui.button("设置", "row_settings", this::showSettings))
                .withOnBack(this::showMain));
    }

    private void showSettings() {
        window().show(ui.page("settings", "设置", "通用",
                ui.button("隐私设置", "row_privacy", this::showPrivacySettings),
                ui.button("关于路线助手", "row_about", this::showAbout))
                .withOnBack(this::showMe));
    }

    private void showAbout() {
        window().show(ui.page("about", "关于路线助手", "版本 2.0.0")
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
