// Compliant lab app: its one personal-data read, in a clearly named method (the Java stack of
// the hooked call names it).
package com.harnesslab.route;

import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import java.util.Locale;

final class LocationFix {
    private LocationFix() {}

    /** The last known GPS fix as "lat,lon", or "unknown". */
    static String current(Context context) {
        LocationManager locations = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        Location fix = locations.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        if (fix == null) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%.6f,%.6f", fix.getLatitude(), fix.getLongitude());
    }
}
