// Host-lab stand-in for android.content.Context: the abstract base, as on Android. The real
// work is in android.app.ContextImpl (hook catalogs hook the concrete class).
package android.content;

import android.content.pm.PackageManager;

public abstract class Context {
    public static final String TELEPHONY_SERVICE = "phone";
    public static final String LOCATION_SERVICE = "location";
    public static final String CLIPBOARD_SERVICE = "clipboard";

    public abstract Object getSystemService(String name);

    public abstract ContentResolver getContentResolver();

    public abstract PackageManager getPackageManager();

    public abstract String getPackageName();
}
