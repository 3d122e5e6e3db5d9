// Host-lab stand-in for android.bluetooth.BluetoothAdapter: the phone's own adapter, whose
// address is the host-lab device's bluetooth identifier (before Android 6; after, the
// 02:00:00:00:00:00 placeholder, harness.lab.LabPlatform), with one paired headset.
package android.bluetooth;

import harness.lab.LabIdentifiers;
import harness.lab.LabPlatform;
import java.util.Set;

public final class BluetoothAdapter {
    private static final BluetoothAdapter DEFAULT = new BluetoothAdapter();

    private BluetoothAdapter() {}

    public static BluetoothAdapter getDefaultAdapter() {
        return DEFAULT;
    }

    /** Android 6+ gives ordinary apps a placeholder (the real one needs LOCAL_MAC_ADDRESS). */
    public String getAddress() {
        return LabPlatform.macPlaceholders() && !LabPlatform.privileged()
                ? LabPlatform.PLACEHOLDER_MAC : LabIdentifiers.get("bluetooth");
    }

    /** Android 12+: BLUETOOTH_CONNECT, else SecurityException. */
    public String getName() {
        if (LabPlatform.since(31)) {
            LabPlatform.enforceAny(LabPlatform.processContext("getName"), "getName",
                    "android.permission.BLUETOOTH_CONNECT");
        }
        return "HarnessLab Phone";
    }

    public boolean isEnabled() {
        return true;
    }

    public Set<BluetoothDevice> getBondedDevices() {
        return Set.of(new BluetoothDevice("00:1b:66:a1:b2:c3", "Lab Headset"));
    }
}
