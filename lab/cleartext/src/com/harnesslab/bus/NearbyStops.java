// Cleartext lab app: reads the Android ID and the location (each in a clearly named method, so
// the hooked call's stack names it) and POSTs them to its own server over plain HTTP, with
// the platform's HttpURLConnection as many apps do: the request crosses the network unencrypted.
// Network errors are shown on screen, never fatal.
package com.harnesslab.bus;

import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import android.provider.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

final class NearbyStops {
    private static final String NEARBY_URL = "http://api.harnesslab.com/bus/nearby";
    private static final int TIMEOUT_MILLIS = 10_000;

    private NearbyStops() {}

    static String find(Context context) {
        String body = "aid=" + androidId(context)
                + "&loc=" + URLEncoder.encode(here(context), StandardCharsets.UTF_8);
        try {
            return "附近站点已更新（HTTP " + post(NEARBY_URL, body) + "）";
        } catch (IOException e) {
            System.err.println("bus: nearby stops failed: " + e);
            return "附近站点查询失败，请稍后重试";
        }
    }

    static String androidId(Context context) {
        return Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
    }

    /** The last known GPS fix as "lat,lon", or "unknown". */
    static String here(Context context) {
        LocationManager locations = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        Location fix = locations.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        if (fix == null) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%.6f,%.6f", fix.getLatitude(), fix.getLongitude());
    }

    private static int post(String url, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        try {
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
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
}
