// Compliant lab app: sends the start point to the app's own server (first party, after consent,
// for the function that needs it). Network errors are reported on screen, never fatal.
package com.harnesslab.route;

import harness.lab.FormPost;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

final class RoutePlanner {
    private static final String PLAN_URL = "https://api.harnesslab.com/route/plan";

    private RoutePlanner() {}

    static String plan(String from) {
        String body = "from=" + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&to=home";
        try {
            return "路线已规划（HTTP " + FormPost.send(PLAN_URL, body) + "）";
        } catch (IOException e) {
            System.err.println("route: planning failed: " + e);
            return "路线规划失败，请稍后重试";
        }
    }
}
