// Host-lab stand-in for android.net.wifi.WifiInfo (in this app's sources, see WifiManager):
// the current connection. The MAC address is the host-lab device's mac_address identifier on
// a phone before Android 6, else 02:00:00:00:00:00, as Android gives ordinary apps.
package android.net.wifi;

import harness.lab.LabIdentifiers;
import harness.lab.LabPlatform;

public class WifiInfo {
    static final String SSID = "HarnessLab-5G";

    public String getSSID() {
        return "\"" + SSID + "\""; // Android quotes a UTF-8 SSID
    }

    public String getBSSID() {
        return LabIdentifiers.get("wifi_info");
    }

    /** Android 6+ gives apps 02:00:00:00:00:00 (harness.lab.LabPlatform), older phones the MAC. */
    public String getMacAddress() {
        return LabPlatform.macPlaceholders() ? LabPlatform.PLACEHOLDER_MAC : LabIdentifiers.get("mac_address");
    }

    /** 192.168.31.23 as Android gives it: little-endian in an int. */
    public int getIpAddress() {
        return (23 << 24) | (31 << 16) | (168 << 8) | 192;
    }

    public int getNetworkId() {
        return 1;
    }

    @Override
    public String toString() {
        return "SSID: \"" + SSID + "\", network id 1";
    }
}
