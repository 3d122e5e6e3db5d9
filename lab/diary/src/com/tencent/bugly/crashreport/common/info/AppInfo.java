// Diary lab app: a stand-in for Bugly's device-environment collector
// (com.tencent.bugly.crashreport.common.info). It reads the installed packages, the
// clipboard, the Wi-Fi SSID, BSSID and MAC, and writes them the way such SDKs do: the
// packages as MD5s, the SSID in base64, the BSSID without colons in upper case, the
// clipboard JSON-escaped (\\uXXXX), the MAC as read (Android 6+ gives 02:00:00:00:00:00).
package com.tencent.bugly.crashreport.common.info;

import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.Context;
import android.content.pm.PackageInfo;
import android.net.wifi.WifiInfo;
import android.net.wifi.WifiManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

public final class AppInfo {
    private final List<String> packages = new ArrayList<>();
    private String clip = "";
    private String ssid = "";
    private String bssid = "";
    private String mac = "";

    private AppInfo() {}

    public static AppInfo collect(Context context) {
        AppInfo info = new AppInfo();
        for (PackageInfo p : context.getPackageManager().getInstalledPackages(0)) {
            info.packages.add(p.packageName);
        }
        ClipboardManager clipboard = (ClipboardManager) context.getSystemService(Context.CLIPBOARD_SERVICE);
        ClipData data = clipboard.getPrimaryClip();
        if (data != null && data.getItemCount() > 0) {
            info.clip = String.valueOf(data.getItemAt(0).getText());
        }
        WifiManager wifi = (WifiManager) context.getSystemService(Context.WIFI_SERVICE);
        if (wifi != null) {
            WifiInfo connection = wifi.getConnectionInfo();
            String quoted = connection.getSSID();
            info.ssid = quoted.replaceAll("^\"|\"$", "");
            info.bssid = connection.getBSSID();
            info.mac = connection.getMacAddress();
        }
        return info;
    }

    public String toJson() {
        List<String> hashed = new ArrayList<>();
        for (String name : packages) {
            hashed.add(md5(name));
        }
        return "{\"al\":\"" + String.join(",", hashed) + "\""
                + ",\"ws\":\"" + Base64.getEncoder().encodeToString(ssid.getBytes(StandardCharsets.UTF_8)) + "\""
                + ",\"wb\":\"" + bssid.replace(":", "").toUpperCase() + "\""
                + ",\"mac\":\"" + mac + "\""
                + ",\"cb\":\"" + escape(clip) + "\"}";
    }

    private static String md5(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
