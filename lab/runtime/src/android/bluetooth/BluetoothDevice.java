// Host-lab stand-in for android.bluetooth.BluetoothDevice: a paired device (fixed lab values).
package android.bluetooth;

public class BluetoothDevice {
    private final String address;
    private final String name;

    BluetoothDevice(String address, String name) {
        this.address = address;
        this.name = name;
    }

    public String getAddress() {
        return address;
    }

    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return address;
    }
}
