// News lab apps: a stand-in for Umeng's analytics SDK (its package name, so the harness's SDK
// database attributes it). onResume sends the device identifier it is given to the SDK's log
// server. Network failures are logged and swallowed, as SDKs do.
package com.umeng.analytics;

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

    public static void onResume(String appkey, String androidId) {
        String body = "appkey=" + encode(appkey) + "&aid=" + encode(androidId) + "&os=android";
        try {
            int status = FormPost.send(LOG_URL, body, HEADERS);
            System.err.println("umeng: sent session log, HTTP " + status);
        } catch (IOException e) {
            System.err.println("umeng: sending the session log failed: " + e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
