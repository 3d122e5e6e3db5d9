// Host-lab stand-in for android.hardware.SystemSensorManager: an accelerometer and a
// gyroscope; listeners are kept and never called (no readings on the lab).
package android.hardware;

import android.content.Context;
import java.util.ArrayList;
import java.util.List;

public class SystemSensorManager extends SensorManager {
    private final Context context;
    private final List<SensorEventListener> listeners = new ArrayList<>();

    public SystemSensorManager(Context context) {
        this.context = context;
    }

    @Override
    protected List<Sensor> getFullSensorList() {
        return List.of(new Sensor(Sensor.TYPE_ACCELEROMETER, "lab accelerometer"),
                new Sensor(Sensor.TYPE_GYROSCOPE, "lab gyroscope"));
    }

    @Override
    protected synchronized boolean registerListenerImpl(SensorEventListener listener, Sensor sensor) {
        return sensor != null && listeners.add(listener);
    }

    @Override
    public String toString() {
        return "SystemSensorManager{" + context.getPackageName() + "}";
    }
}
