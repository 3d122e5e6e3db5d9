// Host-lab stand-in for android.net.wifi.WifiManager (traffic-tour only): the current
// connection. Constructed directly by the app (the lab runtime has no Wi-Fi system service).
package android.net.wifi;

import android.content.Context;

public class WifiManager {
    public WifiManager(Context context) {}

    public WifiInfo getConnectionInfo() {
        return new WifiInfo();
    }
}
