// Host-lab stand-in for android.net.wifi.WifiInfo (traffic-tour only): the connection's MAC
// address (the host-lab device's mac_address identifier) and SSID, quoted as Android does.
// The SSID is a fixed name with non-ASCII characters, so that its escaped and encoded forms
// differ from the plain one (the device's wifi_info identifier is its BSSID, not a name).
package android.net.wifi;

import harness.lab.LabIdentifiers;
import harness.lab.LabPlatform;

public class WifiInfo {
    private static final String SSID = "Lab-无线网络";

    WifiInfo() {}

    /** Android 6+ gives apps 02:00:00:00:00:00 (harness.lab.LabPlatform), older phones the MAC. */
    public String getMacAddress() {
        return LabPlatform.macPlaceholders() ? LabPlatform.PLACEHOLDER_MAC : LabIdentifiers.get("mac_address");
    }

    public String getSSID() {
        return "\"" + SSID + "\"";
    }

    @Override
    public String toString() {
        return "SSID: " + getSSID() + ", MAC: " + getMacAddress();
    }
}
