// Tracker lab app: its own location reads, one clearly named method each.
package com.harnesslab.weather;

import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import java.util.Locale;

final class DeviceInfo {
    private DeviceInfo() {}

    static String locateForForecast(Context context) {
        return lastFix(context);
    }

    static String refreshInBackground(Context context) {
        return lastFix(context);
    }

    private static String lastFix(Context context) {
        LocationManager locations = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        Location fix = locations.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        if (fix == null) {
            return "未知位置";
        }
        return String.format(Locale.ROOT, "%.2f,%.2f", fix.getLatitude(), fix.getLongitude());
    }
}
