// Host-lab stand-in for android.location.Address: what the Geocoder answers.
package android.location;

public class Address {
    private final double latitude;
    private final double longitude;

    Address(double latitude, double longitude) {
        this.latitude = latitude;
        this.longitude = longitude;
    }

    public String getLocality() {
        return "北京市";
    }

    public String getAddressLine(int index) {
        return "北京市东城区东长安街";
    }

    @Override
    public String toString() {
        return "Address[北京市东城区东长安街 " + latitude + "," + longitude + "]";
    }
}
