// sdk-depth lab app: a stand-in for the crash engine Umeng U-APM ships under Alibaba UC's
// package (com.uc.crashsdk). validate() POSTs the device info it was given to the U-APM
// endpoint the real engine calls (errlog.umeng.com/api/crashsdk/...), in clear.
package com.uc.crashsdk.export;

import harness.lab.FormPost;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

public final class CrashApi {
    private static final String VALIDATE_URL = "https://errlog.umeng.com/api/crashsdk/logcollect";

    private final String appkey;
    private final String imei;

    private CrashApi(String appkey, String imei) {
        this.appkey = appkey;
        this.imei = imei;
    }

    public static CrashApi createInstance(String appkey, String imei) {
        return new CrashApi(appkey, imei);
    }

    public void validate() {
        String body = "appkey=" + encode(appkey) + "&imei=" + encode(imei) + "&platform=android";
        try {
            int status = FormPost.send(VALIDATE_URL, body);
            System.err.println("crashsdk: validated, HTTP " + status);
        } catch (IOException e) {
            System.err.println("crashsdk: validation failed: " + e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
