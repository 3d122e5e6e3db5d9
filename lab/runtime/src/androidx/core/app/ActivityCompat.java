// Host-lab stand-in for androidx.core.app.ActivityCompat: the support-library entry point most
// apps use to ask for runtime permissions. As in AndroidX on API 23+, it delegates to
// Activity.requestPermissions, so the lab's permission dialog and its answer are the Activity's.
package androidx.core.app;

import android.app.Activity;

public class ActivityCompat {
    /** The callback interface AndroidX activities implement (Activity already has the method). */
    public interface OnRequestPermissionsResultCallback {
        void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults);
    }

    protected ActivityCompat() {}

    public static void requestPermissions(Activity activity, String[] permissions, int requestCode) {
        for (String permission : permissions) {
            if (permission == null || permission.isEmpty()) {
                throw new IllegalArgumentException(
                        "Permission request for permissions " + java.util.Arrays.toString(permissions)
                                + " must not contain null or empty values");
            }
        }
        activity.requestPermissions(permissions, requestCode);
    }

    public static boolean shouldShowRequestPermissionRationale(Activity activity, String permission) {
        return activity.shouldShowRequestPermissionRationale(permission);
    }
}
