// Host-lab stand-in for android.net.wifi.WifiInfo (traffic-tour only): the connection's MAC
// address (the host-lab device's mac_address identifier) and SSID, quoted as Android does.
// The SSID is a fixed name with non-ASCII characters, so that its escaped and encoded forms
// differ from the plain one (the device's wifi_info identifier is its BSSID, not a name).
package android.net.wifi;

import harness.lab.LabIdentifiers;

public class WifiInfo {
    private static final String SSID = "Lab-无线网络";

    WifiInfo() {}

    public String getMacAddress() {
        return LabIdentifiers.get("mac_address");
    }

    public String getSSID() {
        return "\"" + SSID + "\"";
    }

    @Override
    public String toString() {
        return "SSID: " + getSSID() + ", MAC: " + getMacAddress();
    }
}
