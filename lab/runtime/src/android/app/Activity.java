// Host-lab stand-in for android.app.Activity: a context wrapper with the runtime-permission
// API. requestPermissions(String[], int) shows the lab's system permission dialog (package
// com.google.android.permissioncontroller) for every permission not yet decided, and delivers
// the answers to onRequestPermissionsResult on the main thread, as Android does. The lab
// runtime remembers a denial: a later request for it is answered at once, without a dialog
// (Android's "don't ask again"). Hook catalogs hook requestPermissions(String[], int) here.
package android.app;

import android.content.Context;
import android.content.ContextWrapper;
import harness.lab.PermissionHost;

public class Activity extends ContextWrapper {
    private PermissionHost permissionHost;

    public Activity() {
        super(null);
    }

    /** Lab runtime only (Android's ActivityThread does this): the base context and permissions. */
    public final void attachLab(Context base, PermissionHost host) {
        attachBaseContext(base);
        this.permissionHost = host;
    }

    public void requestPermissions(String[] permissions, int requestCode) {
        if (requestCode < 0) {
            throw new IllegalArgumentException("requestCode should be >= 0");
        }
        if (permissions == null || permissions.length == 0) {
            throw new IllegalArgumentException("permissions cannot be null or empty");
        }
        String[] asked = permissions.clone();
        host().request(asked, results -> onRequestPermissionsResult(requestCode, asked, results));
    }

    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {}

    public int checkSelfPermission(String permission) {
        if (permission == null) {
            throw new IllegalArgumentException("permission is null");
        }
        return host().check(permission);
    }

    public boolean shouldShowRequestPermissionRationale(String permission) {
        return host().shouldShowRationale(permission);
    }

    private PermissionHost host() {
        if (permissionHost == null) {
            throw new IllegalStateException("the activity is not attached (LabApplication.startActivity)");
        }
        return permissionHost;
    }
}
