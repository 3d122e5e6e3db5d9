// Host-lab stand-in for android.location.LocationManager. The last known fix is the host-lab
// device's location identifier, "latitude,longitude" (e.g. "39.904211,116.407395").
// getCurrentLocation answers that fix through the consumer at once; location updates are
// registered and never delivered (the lab phone does not move). Providers: gps and network.
// As on Android: the request overloads funnel into one (see below), and every location read
// needs ACCESS_FINE_LOCATION or ACCESS_COARSE_LOCATION (harness.lab.LabPlatform), else
// SecurityException.
package android.location;

import android.content.Context;
import android.os.CancellationSignal;
import android.os.Looper;
import harness.lab.LabIdentifiers;
import harness.lab.LabPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

public class LocationManager {
    public static final String GPS_PROVIDER = "gps";
    public static final String NETWORK_PROVIDER = "network";

    private final Context context;
    private final List<LocationListener> listeners = new ArrayList<>();

    public LocationManager(Context context) {
        this.context = context;
    }

    // As in AOSP 12+: every request overload builds a LocationRequest and calls
    // requestLocationUpdates(String, LocationRequest, Executor, LocationListener), which checks
    // the location permission; requestSingleUpdate does too.
    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM,
            LocationListener listener) {
        requestLocationUpdates(provider, minTimeMs, minDistanceM, listener, null);
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM,
            LocationListener listener, Looper looper) {
        LocationRequest request = LocationRequest.createFromDeprecatedProvider(provider, minTimeMs, minDistanceM, false);
        requestLocationUpdates(provider, request, Runnable::run, listener);
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM,
            Executor executor, LocationListener listener) {
        LocationRequest request = LocationRequest.createFromDeprecatedProvider(provider, minTimeMs, minDistanceM, false);
        requestLocationUpdates(provider, request, executor, listener);
    }

    public void requestLocationUpdates(String provider, LocationRequest request, Executor executor,
            LocationListener listener) {
        enforceLocation("requestLocationUpdates");
        synchronized (listeners) {
            listeners.add(listener);
        }
    }

    public void requestSingleUpdate(String provider, LocationListener listener, Looper looper) {
        LocationRequest request = LocationRequest.createFromDeprecatedProvider(provider, 0, 0, true);
        requestLocationUpdates(provider, request, Runnable::run, listener);
    }

    public void removeUpdates(LocationListener listener) {
        synchronized (listeners) {
            listeners.remove(listener);
        }
    }

    public void getCurrentLocation(String provider, CancellationSignal cancellationSignal,
            Executor executor, Consumer<Location> consumer) {
        LocationRequest request = LocationRequest.createFromDeprecatedProvider(provider, 0, 0, true);
        getCurrentLocation(provider, request, cancellationSignal, executor, consumer);
    }

    public void getCurrentLocation(String provider, LocationRequest request,
            CancellationSignal cancellationSignal, Executor executor, Consumer<Location> consumer) {
        enforceLocation("getCurrentLocation");
        Location fix = fix(provider);
        executor.execute(() -> consumer.accept(fix));
    }

    public String getBestProvider(Criteria criteria, boolean enabledOnly) {
        return criteria.getAccuracy() == Criteria.ACCURACY_FINE ? GPS_PROVIDER : NETWORK_PROVIDER;
    }

    public LocationProvider getProvider(String name) {
        return new LocationProvider(name);
    }

    public List<String> getProviders(boolean enabledOnly) {
        return List.of(GPS_PROVIDER, NETWORK_PROVIDER);
    }

    public String getGnssHardwareModelName() {
        return "HarnessLab GNSS 1.0";
    }

    public int getGnssYearOfHardware() {
        return 2023;
    }

    public Location getLastKnownLocation(String provider) {
        enforceLocation("getLastKnownLocation");
        return fix(provider);
    }

    private void enforceLocation(String api) {
        LabPlatform.enforceAny(context, api, "android.permission.ACCESS_FINE_LOCATION",
                "android.permission.ACCESS_COARSE_LOCATION");
    }

    private Location fix(String provider) {
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
