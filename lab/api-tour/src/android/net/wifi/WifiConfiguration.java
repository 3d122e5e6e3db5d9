// Host-lab stand-in for android.net.wifi.WifiConfiguration (in this app's sources, see
// WifiManager): a saved network.
package android.net.wifi;

public class WifiConfiguration {
    public final String SSID;

    WifiConfiguration(String ssid) {
        this.SSID = ssid;
    }

    @Override
    public String toString() {
        return "ID: 1 SSID: " + SSID;
    }
}
