// Diary lab app: a stand-in for Tencent Bugly's entry point (com.tencent.bugly.crashreport
// .CrashReport.initCrashReport). Its init collects the device environment (AppInfo) and
// uploads it at once, gzipped JSON, to Bugly's upload host, before the app asks for consent.
package com.tencent.bugly.crashreport;

import android.content.Context;
import com.tencent.bugly.crashreport.common.info.AppInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.HttpsURLConnection;

public final class CrashReport {
    private static final String UPLOAD = "https://android.bugly.qq.com/rqd/async?aid=";

    private CrashReport() {}

    public static void initCrashReport(Context context, String appId, boolean isDebug) {
        String json = AppInfo.collect(context).toJson();
        try {
            post(UPLOAD + appId, gzip(json));
        } catch (IOException e) {
            System.err.println("bugly: upload failed: " + e);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void post(String url, byte[] body) throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) new URL(url).openConnection();
        try {
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(10_000);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Content-Encoding", "gzip");
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            InputStream reply = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (reply != null) {
                try (reply) {
                    reply.readAllBytes();
                }
            }
        } finally {
            connection.disconnect();
        }
    }
}
