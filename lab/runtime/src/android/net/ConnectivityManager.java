// Host-lab stand-in for android.net.ConnectivityManager: the active network is Wi-Fi.
package android.net;

import android.content.Context;

public class ConnectivityManager {
    public static final int TYPE_MOBILE = 0;
    public static final int TYPE_WIFI = 1;

    private final Context context;

    public ConnectivityManager(Context context) {
        this.context = context;
    }

    public NetworkInfo getActiveNetworkInfo() {
        return new NetworkInfo();
    }

    @Override
    public String toString() {
        return "ConnectivityManager{" + context.getPackageName() + "}";
    }
}
