// Host-lab stand-in for android.net.wifi.WifiManager (diary only; ContextImpl creates it for
// WIFI_SERVICE when the app ships it): the current connection.
package android.net.wifi;

import android.content.Context;

public class WifiManager {
    public WifiManager(Context context) {}

    public WifiInfo getConnectionInfo() {
        return new WifiInfo();
    }
}
