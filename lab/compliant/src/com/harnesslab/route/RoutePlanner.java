// Compliant lab app: sends the start point to the app's own server (first party, after consent,
// for the function that needs it). Network errors are reported on screen, never fatal.
package com.harnesslab.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;

final class RoutePlanner {
    private static final String PLAN_URL = "https://api.harnesslab.com/route/plan";

    private RoutePlanner() {}

    static String plan(String from) {
        String body = "from=" + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&to=home";
        try {
            HttpsURLConnection c = (HttpsURLConnection) new URL(PLAN_URL).openConnection();
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
                return "路线已规划（HTTP " + status + "）";
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            System.err.println("route: planning failed: " + e);
            return "路线规划失败，请稍后重试";
        }
    }
}
