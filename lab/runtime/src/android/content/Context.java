// Host-lab stand-in for android.content.Context: the abstract base, as on Android. The real
// work is in android.app.ContextImpl (hook catalogs hook the concrete class).
package android.content;

import android.content.pm.PackageManager;

public abstract class Context {
    public static final String TELEPHONY_SERVICE = "phone";
    public static final String LOCATION_SERVICE = "location";
    public static final String CLIPBOARD_SERVICE = "clipboard";
    public static final String WIFI_SERVICE = "wifi";
    public static final String CONNECTIVITY_SERVICE = "connectivity";
    public static final String ACTIVITY_SERVICE = "activity";
    public static final String ACCOUNT_SERVICE = "account";
    public static final String SENSOR_SERVICE = "sensor";
    public static final String CAMERA_SERVICE = "camera";
    public static final String DEVICE_POLICY_SERVICE = "device_policy";
    public static final String BLUETOOTH_SERVICE = "bluetooth";

    public abstract Object getSystemService(String name);

    public abstract ContentResolver getContentResolver();

    public abstract PackageManager getPackageManager();

    public abstract String getPackageName();

    /** PackageManager.PERMISSION_GRANTED (0) or PERMISSION_DENIED (-1), for this app now. */
    public abstract int checkSelfPermission(String permission);

    public static final int BIND_AUTO_CREATE = 0x0001;

    /** The service started, or null when no installed app has it. */
    public abstract ComponentName startService(Intent service);

    public abstract ComponentName startForegroundService(Intent service);

    /** Whether the service is being bound (false: no installed app has it). */
    public abstract boolean bindService(Intent service, ServiceConnection conn, int flags);

    public abstract void startActivity(Intent intent);

    public abstract void startActivity(Intent intent, android.os.Bundle options);

    public abstract void sendBroadcast(Intent intent);

    public abstract void sendBroadcast(Intent intent, String receiverPermission);
}
