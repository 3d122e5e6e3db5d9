// Host-lab stand-in for android.hardware.Sensor: a type and a name.
package android.hardware;

public final class Sensor {
    public static final int TYPE_ALL = -1;
    public static final int TYPE_ACCELEROMETER = 1;
    public static final int TYPE_GYROSCOPE = 4;

    private final int type;
    private final String name;

    Sensor(int type, String name) {
        this.type = type;
        this.name = name;
    }

    public int getType() {
        return type;
    }

    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return "{Sensor name=\"" + name + "\", type=" + type + "}";
    }
}
