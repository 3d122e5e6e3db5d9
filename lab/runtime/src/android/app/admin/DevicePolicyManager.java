// Host-lab stand-in for android.app.admin.DevicePolicyManager: getWifiMacAddress (device
// owners only on Android) returns the host-lab device's mac_address identifier.
package android.app.admin;

import android.content.ComponentName;
import android.content.Context;
import harness.lab.LabIdentifiers;

public class DevicePolicyManager {
    private final Context context;

    public DevicePolicyManager(Context context) {
        this.context = context;
    }

    public String getWifiMacAddress(ComponentName admin) {
        return LabIdentifiers.get("mac_address");
    }

    @Override
    public String toString() {
        return "DevicePolicyManager{" + context.getPackageName() + "}";
    }
}
