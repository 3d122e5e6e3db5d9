// sdk-depth lab app: a stand-in for a class of the Tencent Location SDK's obfuscated core
// (package c.t.m.g, as in the real SDK's release builds). b() reads the last known GPS fix.
package c.t.m.g;

import android.content.Context;
import android.location.Location;
import android.location.LocationManager;

public final class a {
    private a() {}

    public static Location b(Context context) {
        LocationManager locations = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        return locations.getLastKnownLocation(LocationManager.GPS_PROVIDER);
    }
}
