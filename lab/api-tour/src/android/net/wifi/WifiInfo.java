// Host-lab stand-in for android.net.wifi.WifiInfo (in this app's sources, see WifiManager):
// the current connection. The MAC address is the host-lab device's mac_address identifier
// (Android 6+ returns 02:00:00:00:00:00 to ordinary apps; the lab answers as an old phone).
package android.net.wifi;

import harness.lab.LabIdentifiers;

public class WifiInfo {
    static final String SSID = "HarnessLab-5G";

    public String getSSID() {
        return "\"" + SSID + "\""; // Android quotes a UTF-8 SSID
    }

    public String getBSSID() {
        return LabIdentifiers.get("wifi_info");
    }

    public String getMacAddress() {
        return LabIdentifiers.get("mac_address");
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
