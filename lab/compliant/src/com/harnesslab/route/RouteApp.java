// Compliant lab app 路线助手: a map-navigation app (type 1 of the necessity regulation, which
// needs the location) that does everything in order, so a correct harness reports nothing:
// - startup: only the privacy dialog; nothing is read and nothing is sent;
// - 同意: it asks for the location permission (after consent, for the feature that needs it).
//   Granted: it reads the location (LocationFix.current) and sends it to its own server
//   (api.harnesslab.com) to plan a route. Denied: it carries on with a manual start point;
//   it never asks again and never quits;
// - 不同意: a browse-only offline mode that reads nothing;
// - in the background: nothing (no timers, no reads).
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
            window().show(ui.page("main", "路线助手", "当前位置：" + where + "\n" + plan));
        } else {
            window().show(ui.page("main", "路线助手",
                    "未获得位置权限。您可以手动输入出发地和目的地规划路线。"));
        }
    }

    void onDisagree() {
        window().show(ui.page("offline", "路线助手（离线浏览）",
                "您未同意隐私政策，可以浏览离线地图，我们不会收集任何个人信息。",
                ui.button("重新查看隐私政策", "btn_review",
                        () -> window().show(ui.privacyDialog(this::onDisagree, this::onAgree)))));
    }
}
