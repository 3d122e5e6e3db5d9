// Update-keep lab app 徒步助手, version 1.0: a map-navigation app (type 1: needs the location)
// that asks in order: the privacy dialog first; after 同意 the location permission, and with it
// one read of the last known location for the trail screen (no network); 不同意 or a denial: a
// mode that reads nothing; nothing in the background. (Version 2.0 differs only in being
// signed with the same key: an ordinary update.)
package com.harnesslab.hike;

import android.app.Activity;
import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import androidx.core.app.ActivityCompat;
import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;
import java.util.Locale;

public class TrailApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.hike";
    static final String VERSION = "1.0";
    static final int REQUEST_LOCATION = 5;
    private static final String[] LOCATION = {
        "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION"};
    private static final int GRANTED = 0;

    private final StandardScreens ui = new StandardScreens(PACKAGE, "徒步助手");
    private TrailActivity activity;

    @Override
    public void onCreate() {
        super.onCreate();
        activity = attachActivity(new TrailActivity(this));
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        window().show(ui.page("locating", "徒步助手 " + VERSION, "正在获取位置权限…"));
        if (activity.checkSelfPermission(LOCATION[0]) == GRANTED) {
            onLocationPermission(true);
        } else {
            ActivityCompat.requestPermissions(activity, LOCATION, REQUEST_LOCATION);
        }
    }

    void onLocationPermission(boolean granted) {
        String text = granted ? "当前位置：" + here(this) : "未获得位置权限，可以手动记录步道。";
        window().show(ui.page("main", "徒步助手 " + VERSION, text));
    }

    void onDisagree() {
        window().show(ui.page("browse", "徒步助手（浏览）", "您未同意隐私政策，可以浏览推荐步道。"));
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

    static class TrailActivity extends Activity {
        private final TrailApp app;

        TrailActivity(TrailApp app) {
            this.app = app;
        }

        @Override
        public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
            if (requestCode == REQUEST_LOCATION) {
                app.onLocationPermission(results.length > 0 && results[0] == 0);
            }
        }
    }
}
