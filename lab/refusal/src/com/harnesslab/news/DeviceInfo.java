// Refusal lab app: its own personal-data reads, one clearly named method each. After the user
// refused the policy it reads the Android ID and sends it to its own server, synchronously.
package com.harnesslab.news;

import android.content.Context;
import android.provider.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;

final class DeviceInfo {
    private static final String REFUSAL_URL = "https://api.harnesslab.com/news/refusal";

    private DeviceInfo() {}

    static void rememberRefusal(Context context) {
        String androidId = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        post(REFUSAL_URL, "aid=" + androidId + "&choice=refuse");
    }

    private static void post(String url, String body) {
        try {
            HttpsURLConnection c = (HttpsURLConnection) new URL(url).openConnection();
            try {
                c.setConnectTimeout(10_000);
                c.setReadTimeout(10_000);
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
                int status = c.getResponseCode();
                InputStream reply = status >= 400 ? c.getErrorStream() : c.getInputStream();
                if (reply != null) {
                    try (reply) {
                        reply.readAllBytes();
                    }
                }
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            System.err.println("news: sending failed: " + e);
        }
    }
}
