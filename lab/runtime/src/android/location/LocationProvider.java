// Host-lab stand-in for android.location.LocationProvider: a provider's name.
package android.location;

public class LocationProvider {
    private final String name;

    LocationProvider(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return "LocationProvider{" + name + "}";
    }
}
