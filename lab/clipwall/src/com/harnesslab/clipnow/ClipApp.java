// Clipwall lab app ClipNow: a short-video app (English UI) that blocks, without quitting,
// when the location permission is denied: one screen offering only Open Settings / Exit.
package com.harnesslab.clipnow;

import android.location.Location;
import android.location.LocationManager;
import androidx.core.app.ActivityCompat;
import harness.lab.LabApplication;
import harness.lab.ui.Screen;
import harness.lab.ui.StandardScreens;

public class ClipApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.clipnow";
    static final int REQUEST_LOCATION = 3;
    private static final String[] LOCATION = {
        "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION"};

    private final StandardScreens ui = new StandardScreens(PACKAGE, "ClipNow");
    private ClipActivity activity;
    private boolean blocked;

    @Override
    public void onCreate() {
        super.onCreate();
        activity = attachActivity(new ClipActivity(this));
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        window().show(ui.page("splash", "ClipNow", "Loading…"));
        ActivityCompat.requestPermissions(activity, LOCATION, REQUEST_LOCATION);
    }

    void onDisagree() {
        window().show(ui.page("guest", "ClipNow", "Guest mode: trending videos only"));
    }

    void onLocationPermission(boolean granted) {
        if (granted) {
            LocationManager locations = (LocationManager) getSystemService(LOCATION_SERVICE);
            Location last = locations.getLastKnownLocation(LocationManager.GPS_PROVIDER);
            String near = last == null ? "everywhere" : "near you";
            window().show(ui.page("feed", "ClipNow", "Videos " + near));
            return;
        }
        blocked = true;
        window().show(locationWall());
    }

    /** What such apps show: why, and two ways out; BACK does nothing. */
    private Screen locationWall() {
        return ui.page("location_wall", "Location required",
                        "ClipNow needs your location to show videos near you. "
                                + "Allow location access in Settings to continue.",
                        ui.button("Open Settings", "btn_settings", this::openSettings),
                        ui.button("Exit", "btn_exit", this::finish))
                .withOnBack(() -> {});
    }

    /** Settings.ACTION_APPLICATION_DETAILS_SETTINGS: the system settings take the screen. */
    private void openSettings() {
        window().toBackground();
    }

    @Override
    public void onForeground() {
        if (blocked) {
            window().show(locationWall());
        }
    }
}
