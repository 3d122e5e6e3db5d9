// Host-lab stand-in for android.net.wifi.WifiInfo (traffic-tour only): the connection's MAC
// address (the host-lab device's mac_address identifier) and SSID, quoted as Android does.
// The SSID is the device's wifi_info identifier when the lab sets one, else a fixed name with
// non-ASCII characters, so that its escaped and encoded forms differ from the plain one.
package android.net.wifi;

import harness.lab.LabIdentifiers;
import harness.lab.LabPlatform;

public class WifiInfo {
    private static final String FALLBACK_SSID = "Lab-无线网络";

    WifiInfo() {}

    /** Android 6+ gives apps 02:00:00:00:00:00 (harness.lab.LabPlatform), older phones the MAC. */
    public String getMacAddress() {
        return LabPlatform.macPlaceholders() ? LabPlatform.PLACEHOLDER_MAC : LabIdentifiers.get("mac_address");
    }

    public String getSSID() {
        String ssid;
        try {
            ssid = LabIdentifiers.get("wifi_info");
        } catch (IllegalArgumentException noneConfigured) {
            ssid = FALLBACK_SSID;
        }
        return "\"" + ssid + "\"";
    }

    @Override
    public String toString() {
        return "SSID: " + getSSID() + ", MAC: " + getMacAddress();
    }
}
