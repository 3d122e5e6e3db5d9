// Calibration lab app: a stand-in for a third-party analytics SDK bundled in the app (Umeng's
// package name, so the harness's SDK database attributes it). onStartup sends the device
// identifiers it is given to the SDK's log server in clear text, at once: the pre-consent
// share the calibration expects. Network failures are logged and swallowed, as SDKs do.
package com.umeng.analytics;

import android.content.Context;
import harness.lab.FormPost;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

public final class MobclickAgent {
    private static final String LOG_URL = "https://alog.umeng.com/app_logs";
    private static final Map<String, String> HEADERS =
            Map.of("User-Agent", "UMengAnalytics/9.6 (host-lab)");

    private MobclickAgent() {}

    public static void onStartup(Context context, String appkey, String imei) {
        String body = "appkey=" + encode(appkey) + "&imei=" + encode(imei) + "&os=android";
        try {
            int status = FormPost.send(LOG_URL, body, HEADERS);
            System.err.println("umeng: sent startup log, HTTP " + status);
        } catch (IOException e) {
            System.err.println("umeng: sending the startup log failed: " + e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
