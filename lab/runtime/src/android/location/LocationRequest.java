// Host-lab stand-in for android.location.LocationRequest: what LocationManager's public
// request overloads build before they call the one overload that does the work, as in AOSP.
// Only the interval, the minimum distance and whether it is a single fix.
package android.location;

public final class LocationRequest {
    private final long intervalMs;
    private final float minUpdateDistanceM;
    private final boolean singleShot;

    private LocationRequest(long intervalMs, float minUpdateDistanceM, boolean singleShot) {
        this.intervalMs = intervalMs;
        this.minUpdateDistanceM = minUpdateDistanceM;
        this.singleShot = singleShot;
    }

    /** Hidden on Android: a request from the deprecated (provider, time, distance) form. */
    public static LocationRequest createFromDeprecatedProvider(String provider, long intervalMs,
            float minUpdateDistanceM, boolean singleShot) {
        return new LocationRequest(intervalMs, minUpdateDistanceM, singleShot);
    }

    public long getIntervalMillis() {
        return intervalMs;
    }

    public float getMinUpdateDistanceMeters() {
        return minUpdateDistanceM;
    }

    /** Hidden on Android. */
    public boolean isSingleShot() {
        return singleShot;
    }
}
