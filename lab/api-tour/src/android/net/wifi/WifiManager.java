// Host-lab stand-in for android.net.wifi.WifiManager, kept in this app's sources (not the lab
// runtime) because lab/traffic-tour ships its own copy and one javac run cannot hold both.
// Context.getSystemService("wifi") finds it here. The phone is connected to one access point
// whose BSSID is the host-lab device's wifi_info identifier; the scan sees two.
package android.net.wifi;

import android.content.Context;
import harness.lab.LabIdentifiers;
import java.util.List;

public class WifiManager {
    public static final int WIFI_STATE_ENABLED = 3;

    private final Context context;

    public WifiManager(Context context) {
        this.context = context;
    }

    public WifiInfo getConnectionInfo() {
        return new WifiInfo();
    }

    public List<WifiConfiguration> getConfiguredNetworks() {
        return List.of(new WifiConfiguration("\"" + WifiInfo.SSID + "\""));
    }

    public List<ScanResult> getScanResults() {
        return List.of(new ScanResult(WifiInfo.SSID, LabIdentifiers.get("wifi_info"), -48),
                new ScanResult("ChinaNet-Lab", "f4:6d:04:00:00:01", -71));
    }

    public int getWifiState() {
        return WIFI_STATE_ENABLED;
    }

    @Override
    public String toString() {
        return "WifiManager{" + context.getPackageName() + "}";
    }
}
