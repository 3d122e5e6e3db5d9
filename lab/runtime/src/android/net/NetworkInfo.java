// Host-lab stand-in for android.net.NetworkInfo: the lab phone is on Wi-Fi, connected.
package android.net;

public class NetworkInfo {
    public int getType() {
        return ConnectivityManager.TYPE_WIFI;
    }

    public String getTypeName() {
        return "WIFI";
    }

    public String getExtraInfo() {
        return "\"HarnessLab-5G\"";
    }

    public boolean isAvailable() {
        return true;
    }

    public boolean isConnected() {
        return true;
    }

    @Override
    public String toString() {
        return "NetworkInfo{WIFI, CONNECTED}";
    }
}
