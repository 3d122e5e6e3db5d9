// Traffic tour lab app: at startup, before any consent, it reads the device's identifiers and
// sends each of them, dressed every way SDKs dress them (hashed, base64, hex, URL-encoded,
// JSON-escaped, compressed...), in every kind of request (query, header, cookie, form, JSON,
// multipart, text, WebSocket; HTTP/1.1, HTTP/2, plain HTTP) to the receivers in Tour. Then it
// shows the privacy-policy dialog; accepting or refusing sends nothing more. The harness's
// traffic matcher must find every one (see ../app.yaml and tests/traffic/test_traffic_tour.py).
package com.harnesslab.traffictour;

import harness.lab.LabApplication;

public class TrafficTourApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.traffictour";

    private final Screens screens = new Screens(this);

    @Override
    public void onCreate() {
        super.onCreate();
        DeviceInfo device = DeviceInfo.collect(this);
        // Synchronous, before the dialog: every request happens in the pre-consent phase.
        int[] result = new Tour(device).run();
        System.err.println("tour: done, " + result[0] + " sent, " + result[1] + " failed");
        window().show(screens.privacyDialog());
    }

    void onAgree() {
        window().show(screens.home("已同意隐私政策"));
    }

    void onDisagree() {
        window().show(screens.home("未同意隐私政策"));
    }
}
