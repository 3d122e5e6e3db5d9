// Host-lab stand-in for android.app.ContextImpl: the concrete context. System services are
// created on first use and cached, as SystemServiceRegistry does on Android; to add a manager,
// add a case to create().
package android.app;

import android.content.ClipboardManager;
import android.content.ContentResolver;
import android.content.Context;
import android.content.pm.PackageManager;
import android.location.LocationManager;
import android.telephony.TelephonyManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class ContextImpl extends Context {
    private final String packageName;
    private final Map<String, Object> services = new ConcurrentHashMap<>();
    private volatile ContentResolver resolver;
    private volatile PackageManager packageManager;

    public ContextImpl(String packageName) {
        this.packageName = packageName;
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
            default:
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
}
