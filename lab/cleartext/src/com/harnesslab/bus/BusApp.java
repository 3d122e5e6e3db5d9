// Cleartext lab app 公交到站: a map-navigation app (type 1 of the necessity regulation, which
// needs the location) that asks in order and declares what it reads, but sends it over plain
// HTTP:
// - startup: only the privacy dialog; nothing is read and nothing is sent;
// - 同意: it asks for the location permission. Granted: it reads the Android ID and the last
//   known location and POSTs both to http://api.harnesslab.com/bus/nearby (NearbyStops).
//   Denied: a manual stop search; nothing read;
// - 不同意: a browse-only timetable that reads nothing;
// - in the background: nothing.
package com.harnesslab.bus;

import androidx.core.app.ActivityCompat;
import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;

public class BusApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.bus";
    static final int REQUEST_LOCATION = 11;
    private static final String[] LOCATION = {
        "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION"};
    private static final int GRANTED = 0;

    private final StandardScreens ui = new StandardScreens(PACKAGE, "公交到站");
    private BusActivity activity;

    @Override
    public void onCreate() {
        super.onCreate();
        activity = attachActivity(new BusActivity(this));
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        window().show(ui.page("locating", "公交到站", "正在获取位置权限…"));
        if (activity.checkSelfPermission(LOCATION[0]) == GRANTED) {
            onLocationPermission(true);
        } else {
            ActivityCompat.requestPermissions(activity, LOCATION, REQUEST_LOCATION);
        }
    }

    void onLocationPermission(boolean granted) {
        if (granted) {
            String stops = NearbyStops.find(this);
            window().show(ui.page("main", "公交到站", stops));
        } else {
            window().show(ui.page("main", "公交到站", "未获得位置权限。请输入站名查询到站时间。"));
        }
    }

    void onDisagree() {
        window().show(ui.page("timetable", "公交到站（时刻表）",
                "您未同意隐私政策，可以浏览线路时刻表，我们不会收集任何个人信息。",
                ui.button("重新查看隐私政策", "btn_review",
                        () -> window().show(ui.privacyDialog(this::onDisagree, this::onAgree)))));
    }
}
