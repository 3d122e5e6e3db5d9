// Host-lab stand-in for android.net.wifi.ScanResult (in this app's sources, see WifiManager).
package android.net.wifi;

public class ScanResult {
    public final String SSID;
    public final String BSSID;
    public final int level;

    ScanResult(String ssid, String bssid, int level) {
        this.SSID = ssid;
        this.BSSID = bssid;
        this.level = level;
    }

    @Override
    public String toString() {
        return "SSID: " + SSID + ", BSSID: " + BSSID + ", level: " + level;
    }
}
