// Pushy lab app: its personal-data reads (both declared in its policy), one named method each.
package com.harnesslab.deals;

import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import android.telephony.TelephonyManager;

final class DeviceInfo {
    private DeviceInfo() {}

    static String deviceIdForRiskControl(Context context) {
        TelephonyManager telephony = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        String id = telephony.getDeviceId();
        return id == null ? "" : id;
    }

    static String nearbyDeals(Context context) {
        LocationManager locations = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        Location fix = locations.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        return fix == null ? "附近" : "附近 " + Math.round(fix.getLatitude()) + "°";
    }
}
