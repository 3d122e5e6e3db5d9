// Calibration lab app: a tool app whose privacy behaviour is known exactly (see ../app.yaml,
// expected_findings). At startup, before any consent, it reads the device id and the Android
// ID and hands the device id to an analytics SDK that sends it in clear to its server; then it
// shows the privacy-policy dialog. Accepting reads the location (declared, so compliant);
// refusing reads nothing more. Going to the background does nothing.
package com.harnesslab.calibration;

import com.umeng.analytics.MobclickAgent;
import harness.lab.LabApplication;

public class CalibrationApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.calibration";
    private static final String UMENG_APPKEY = "calib";

    private final Screens screens = new Screens(this);

    @Override
    public void onCreate() {
        super.onCreate();
        String deviceId = DeviceInfo.collectDeviceId(this);
        DeviceInfo.collectAndroidId(this);
        // Synchronous, before the dialog: the share happens at a deterministic point of the
        // pre-consent phase.
        MobclickAgent.onStartup(this, UMENG_APPKEY, deviceId);
        showPrivacyDialog();
    }

    void showPrivacyDialog() {
        window().show(screens.privacyDialog());
    }

    void onAgree() {
        String where = DeviceInfo.collectLocation(this);
        window().show(screens.home(where));
    }

    void onDisagree() {
        window().show(screens.refused());
    }

    void onAbout(String where) {
        window().show(screens.about(where));
    }

    void onHome(String where) {
        window().show(screens.home(where));
    }

    void onExit() {
        finish();
    }
}
