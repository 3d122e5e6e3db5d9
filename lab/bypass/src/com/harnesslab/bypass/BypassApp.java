// Bypass lab app (直连推送): its SDKs send what it reads in ways an HTTP-proxy capture misses.
// At startup, before the privacy dialog, it reads the IMEI, Android ID, IMSI and phone number,
// then (Sdks.java):
// - a push-SDK report of the IMEI over HttpsURLConnection opened with Proxy.NO_PROXY;
// - a crash-SDK report of the Android ID over a raw SSLSocket (no proxy is ever consulted);
// - the IMSI over HttpsURLConnection whose SSLContext pins the server's key in its own
//   X509TrustManager (PinningTrustManager);
// - the phone number over HttpsURLConnection checked by OkHttp's CertificatePinner before the
//   request is written.
// The first two are seen only by a transparent capture; the last two only when TLS is unpinned
// (../app.yaml says what a correct harness reports in each case). Failures are logged and
// swallowed, as SDKs do. Accepting or refusing the dialog sends nothing more.
package com.harnesslab.bypass;

import android.content.Context;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import harness.lab.LabApplication;

public class BypassApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.bypass";

    private final Screens screens = new Screens(this);

    @Override
    public void onCreate() {
        super.onCreate();
        TelephonyManager telephony = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        String imei = telephony.getDeviceId();
        String androidId = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        String imsi = telephony.getSubscriberId();
        String phone = telephony.getLine1Number();
        // A native TLS library, as Cronet or Flutter bring one (native/boringssl_standin.c):
        // loaded when the harness's tests name it.
        String nativeTls = System.getProperty("bypass.native_tls");
        if (nativeTls != null) {
            System.load(nativeTls);
        }
        Sdks sdks = new Sdks();
        sdks.pushReport(imei);
        sdks.crashReport(androidId);
        sdks.simReport(imsi);
        sdks.accountReport(phone);
        System.err.println("bypass: done, " + sdks.sent + " sent, " + sdks.failed + " failed");
        window().show(screens.privacyDialog());
    }

    void onAgree() {
        window().show(screens.home("已同意隐私政策"));
    }

    void onDisagree() {
        window().show(screens.home("未同意隐私政策"));
    }
}
