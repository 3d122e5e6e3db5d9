// Host-lab stand-in for android.app.ContextImpl: the concrete context. System services are
// created on first use and cached, as SystemServiceRegistry does on Android; to add a manager,
// add a case to create(). The Wi-Fi service is android.net.wifi.WifiManager(Context) when the
// lab app ships that stand-in (it is not part of the runtime), else null.
// The first context created names the process's package (ActivityThread.currentPackageName).
// Component starts (startService, bindService, startActivity, sendBroadcast) go nowhere: the
// lab phone has no other apps, so another package's service is not found (null / false), its
// activity throws ActivityNotFoundException, and a broadcast reaches no one; the overloads
// delegate as AOSP's do (startActivity(Intent) -> startActivity(Intent, Bundle),
// sendBroadcast(Intent) -> sendBroadcast(Intent, String)), which the agent must see.
package android.app;

import android.accounts.AccountManager;
import android.app.admin.DevicePolicyManager;
import android.bluetooth.BluetoothAdapter;
import android.content.ClipboardManager;
import android.content.ActivityNotFoundException;
import android.content.ComponentName;
import android.content.ContentResolver;
import android.content.Context;
import android.content.Intent;
import android.content.ServiceConnection;
import android.content.pm.PackageManager;
import android.hardware.SystemSensorManager;
import android.hardware.camera2.CameraManager;
import android.location.LocationManager;
import android.net.ConnectivityManager;
import android.telephony.TelephonyManager;
import harness.lab.PermissionHost;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class ContextImpl extends Context {
    private final String packageName;
    private final Map<String, Object> services = new ConcurrentHashMap<>();
    private volatile ContentResolver resolver;
    private volatile PackageManager packageManager;
    private volatile PermissionHost permissions;

    public ContextImpl(String packageName) {
        this.packageName = packageName;
        ActivityThread.bind(this);
    }

    /** Lab runtime only: the app's runtime-permission state (the launcher attaches it). */
    public void attachPermissions(PermissionHost host) {
        this.permissions = host;
    }

    /** As on Android: what the user granted; a context with no permission state has none. */
    @Override
    public int checkSelfPermission(String permission) {
        if (permission == null) {
            throw new IllegalArgumentException("permission is null");
        }
        PermissionHost host = permissions;
        return host == null ? PackageManager.PERMISSION_DENIED : host.check(permission);
    }

    @Override
    public Object getSystemService(String name) {
        if (name == null) {
            return null;
        }
        // computeIfAbsent cannot store null: unknown services are simply not cached.
        Object known = services.get(name);
        if (known != null) {
            return known;
        }
        Object created = create(name);
        return created == null ? null : services.computeIfAbsent(name, n -> created);
    }

    private Object create(String name) {
        switch (name) {
            case TELEPHONY_SERVICE:
                return new TelephonyManager(this);
            case LOCATION_SERVICE:
                return new LocationManager(this);
            case CLIPBOARD_SERVICE:
                return new ClipboardManager(this);
            case CONNECTIVITY_SERVICE:
                return new ConnectivityManager(this);
            case ACTIVITY_SERVICE:
                return new ActivityManager(this);
            case ACCOUNT_SERVICE:
                return new AccountManager(this);
            case SENSOR_SERVICE:
                return new SystemSensorManager(this);
            case CAMERA_SERVICE:
                return new CameraManager(this);
            case DEVICE_POLICY_SERVICE:
                return new DevicePolicyManager(this);
            case BLUETOOTH_SERVICE:
                return BluetoothAdapter.getDefaultAdapter();
            case WIFI_SERVICE:
                return appProvided("android.net.wifi.WifiManager");
            default:
                return null;
        }
    }

    private Object appProvided(String className) {
        try {
            return Class.forName(className).getConstructor(Context.class).newInstance(this);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    @Override
    public ContentResolver getContentResolver() {
        if (resolver == null) {
            resolver = new ContentResolver(this);
        }
        return resolver;
    }

    @Override
    public PackageManager getPackageManager() {
        if (packageManager == null) {
            packageManager = new ApplicationPackageManager(this);
        }
        return packageManager;
    }

    @Override
    public String getPackageName() {
        return packageName;
    }

    @Override
    public ComponentName startService(Intent service) {
        return startServiceCommon(service);
    }

    @Override
    public ComponentName startForegroundService(Intent service) {
        return startServiceCommon(service);
    }

    private ComponentName startServiceCommon(Intent service) {
        ComponentName target = service.getComponent();
        return target != null && target.getPackageName().equals(packageName) ? target : null;
    }

    @Override
    public boolean bindService(Intent service, ServiceConnection conn, int flags) {
        return startServiceCommon(service) != null;
    }

    @Override
    public void startActivity(Intent intent) {
        startActivity(intent, null);
    }

    @Override
    public void startActivity(Intent intent, android.os.Bundle options) {
        ComponentName target = intent.getComponent();
        if (target != null && !target.getPackageName().equals(packageName)) {
            throw new ActivityNotFoundException("Unable to find explicit activity class "
                    + target.toShortString() + "; have you declared this activity in your AndroidManifest.xml?");
        }
        if (target == null) {
            throw new ActivityNotFoundException("No Activity found to handle " + intent);
        }
    }

    @Override
    public void sendBroadcast(Intent intent) {
        sendBroadcast(intent, null);
    }

    @Override
    public void sendBroadcast(Intent intent, String receiverPermission) {
        // No receiver on the lab phone.
    }
}
