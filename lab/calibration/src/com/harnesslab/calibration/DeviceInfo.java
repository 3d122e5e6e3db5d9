// Calibration lab app: every personal-data read of the app, one clearly named method each,
// so the Java stack of a hooked call names the app method that made it.
package com.harnesslab.calibration;

import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import java.util.Locale;

final class DeviceInfo {
    private DeviceInfo() {}

    static String collectDeviceId(Context context) {
        TelephonyManager telephony =
                (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        return telephony.getDeviceId();
    }

    static String collectAndroidId(Context context) {
        return Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
    }

    /** The last known GPS fix as "lat, lon", or a placeholder when there is none. */
    static String collectLocation(Context context) {
        LocationManager locations =
                (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        Location fix = locations.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        if (fix == null) {
            return "未知";
        }
        return String.format(Locale.ROOT, "%.6f, %.6f", fix.getLatitude(), fix.getLongitude());
    }
}
