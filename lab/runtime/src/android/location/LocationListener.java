// Host-lab stand-in for android.location.LocationListener.
package android.location;

public interface LocationListener {
    void onLocationChanged(Location location);
}
