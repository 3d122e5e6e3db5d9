// Host-lab stand-in for android.bluetooth.BluetoothAdapter: the phone's own adapter, whose
// address is the host-lab device's bluetooth identifier, with one paired headset.
package android.bluetooth;

import harness.lab.LabIdentifiers;
import java.util.Set;

public final class BluetoothAdapter {
    private static final BluetoothAdapter DEFAULT = new BluetoothAdapter();

    private BluetoothAdapter() {}

    public static BluetoothAdapter getDefaultAdapter() {
        return DEFAULT;
    }

    public String getAddress() {
        return LabIdentifiers.get("bluetooth");
    }

    public String getName() {
        return "HarnessLab Phone";
    }

    public boolean isEnabled() {
        return true;
    }

    public Set<BluetoothDevice> getBondedDevices() {
        return Set.of(new BluetoothDevice("00:1b:66:a1:b2:c3", "Lab Headset"));
    }
}
