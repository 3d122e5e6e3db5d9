// Host-lab runtime: what an android.app.Activity asks about runtime permissions. The lab's
// implementation (harness.lab.LabPermissions) remembers the answers and shows the system
// permission dialog; an Activity only knows this interface, as an Android Activity only knows
// the PackageManager and the permission controller's intent.
package harness.lab;

import java.util.function.Consumer;

public interface PermissionHost {
    /** PackageManager.PERMISSION_GRANTED (0) or PERMISSION_DENIED (-1). */
    int check(String permission);

    /** True when the user denied the permission earlier (Android's rationale hint). */
    boolean shouldShowRationale(String permission);

    /**
     * Asks for the permissions: shows the dialog for those not yet decided and calls
     * {@code done} on the main thread with one grant result per permission, in order.
     */
    void request(String[] permissions, Consumer<int[]> done);
}
