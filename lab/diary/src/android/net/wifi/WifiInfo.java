// Host-lab stand-in for android.net.wifi.WifiInfo (diary only), as Android 10+ answers an app
// holding the location permission: the SSID quoted, the BSSID (the host-lab device's
// wifi_info identifier), and the MAC as Android 6+ gives every app: 02:00:00:00:00:00.
// toString() is Android's shape: "SSID: ..., BSSID: ..., MAC: ...".
package android.net.wifi;

import harness.lab.LabIdentifiers;

public class WifiInfo {
    private static final String SSID = "HarnessLab-5G-7A3F";

    WifiInfo() {}

    public String getSSID() {
        return "\"" + SSID + "\"";
    }

    public String getBSSID() {
        return LabIdentifiers.get("wifi_info");
    }

    public String getMacAddress() {
        return "02:00:00:00:00:00";
    }

    @Override
    public String toString() {
        return "SSID: " + getSSID() + ", BSSID: " + getBSSID() + ", MAC: " + getMacAddress();
    }
}
