// Calibration lab app: a stand-in for a third-party analytics SDK bundled in the app (Umeng's
// package name, so the harness's SDK database attributes it). onStartup sends the device
// identifiers it is given to the SDK's log server in clear text, at once: the pre-consent
// share the calibration expects. Network failures are logged and swallowed, as SDKs do.
package com.umeng.analytics;

import android.content.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;

public final class MobclickAgent {
    private static final String LOG_URL = "https://alog.umeng.com/app_logs";
    private static final int TIMEOUT_MILLIS = 10_000;

    private MobclickAgent() {}

    public static void onStartup(Context context, String appkey, String imei) {
        String body = "appkey=" + encode(appkey) + "&imei=" + encode(imei) + "&os=android";
        try {
            int status = post(LOG_URL, body);
            System.err.println("umeng: sent startup log, HTTP " + status);
        } catch (IOException e) {
            System.err.println("umeng: sending the startup log failed: " + e);
        }
    }

    private static int post(String url, String body) throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) new URL(url).openConnection();
        try {
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            connection.setRequestProperty("User-Agent", "UMengAnalytics/9.6 (host-lab)");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            InputStream reply = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (reply != null) {
                try (reply) {
                    reply.readAllBytes();
                }
            }
            return status;
        } finally {
            connection.disconnect();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
