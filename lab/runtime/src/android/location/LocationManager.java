// Host-lab stand-in for android.location.LocationManager. The last known fix is the host-lab
// device's location identifier, "latitude,longitude" (e.g. "39.904211,116.407395").
package android.location;

import android.content.Context;
import harness.lab.LabIdentifiers;

public class LocationManager {
    public static final String GPS_PROVIDER = "gps";
    public static final String NETWORK_PROVIDER = "network";

    private final Context context;

    public LocationManager(Context context) {
        this.context = context;
    }

    public Location getLastKnownLocation(String provider) {
        String[] parts = LabIdentifiers.get("location").split(",");
        if (parts.length != 2) {
            throw new IllegalStateException("harness.id.location must be 'latitude,longitude'");
        }
        Location fix = new Location(provider);
        fix.setLatitude(Double.parseDouble(parts[0].strip()));
        fix.setLongitude(Double.parseDouble(parts[1].strip()));
        fix.setAccuracy(GPS_PROVIDER.equals(provider) ? 5.0f : 30.0f);
        fix.setTime(java.lang.System.currentTimeMillis());
        return fix;
    }

    @Override
    public String toString() {
        return "LocationManager{" + context.getPackageName() + "}";
    }
}
