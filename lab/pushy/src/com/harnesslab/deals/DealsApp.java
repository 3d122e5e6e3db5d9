// Pushy lab app 随手购: a shopping app (type 6) whose policy declares the location and the device
// id, but which pushes its permissions on the user:
// - startup: asks for the location permission at once, before the user has seen the privacy
//   dialog (the system dialog covers it). Whatever the answer, it reads nothing yet;
// - 同意: asks for READ_PHONE_STATE. Granted: reads the device id (and the location, if that was
//   granted), shows the deals. Denied: asks again at once (the lab's permission controller
//   remembers the denial and answers without a dialog); denied again, it says it cannot work
//   without the permission and quits;
// - 不同意: a screen that reads nothing.
package com.harnesslab.deals;

import androidx.core.app.ActivityCompat;
import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;

public class DealsApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.deals";
    static final int REQUEST_LOCATION = 1;
    static final int REQUEST_PHONE = 2;
    private static final String[] LOCATION = {
        "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION"};
    private static final String[] PHONE = {"android.permission.READ_PHONE_STATE"};

    private final StandardScreens ui = new StandardScreens(PACKAGE, "随手购");
    private DealsActivity activity;
    private boolean locationGranted;
    private int phoneDenials;

    @Override
    public void onCreate() {
        super.onCreate();
        activity = attachActivity(new DealsActivity(this));
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
        ActivityCompat.requestPermissions(activity, LOCATION, REQUEST_LOCATION);
    }

    void onAgree() {
        window().show(ui.page("starting", "随手购", "正在加载……"));
        ActivityCompat.requestPermissions(activity, PHONE, REQUEST_PHONE);
    }

    void onDisagree() {
        window().show(ui.page("refused", "随手购", "您需要同意隐私政策后才能使用本应用"));
    }

    void onPermissions(int requestCode, boolean granted) {
        if (requestCode == REQUEST_LOCATION) {
            locationGranted = granted;
            return;
        }
        if (granted) {
            String device = DeviceInfo.deviceIdForRiskControl(this);
            String near = locationGranted ? DeviceInfo.nearbyDeals(this) : "全国";
            window().show(ui.page("main", "随手购", "今日特价（" + near + "）\n设备：" + device.length()));
            return;
        }
        phoneDenials++;
        if (phoneDenials == 1) {
            window().show(ui.page("need_phone", "随手购", "需要电话权限才能为您提供服务"));
            ActivityCompat.requestPermissions(activity, PHONE, REQUEST_PHONE);
        } else {
            System.err.println("deals: no phone permission, quitting");
            finish();
        }
    }
}
