// Host-lab stand-in for the old support library's android.support.v4.app.ActivityCompat (still
// shipped by older SDKs): requestPermissions delegates to Activity.requestPermissions, as
// androidx.core.app.ActivityCompat does.
package android.support.v4.app;

import android.app.Activity;

public class ActivityCompat {
    protected ActivityCompat() {}

    public static void requestPermissions(Activity activity, String[] permissions, int requestCode) {
        activity.requestPermissions(permissions, requestCode);
    }
}
