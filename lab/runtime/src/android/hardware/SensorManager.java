// Host-lab stand-in for android.hardware.SensorManager. As on Android, getSensorList and
// registerListener are declared here (the abstract base) and delegate to the concrete
// SystemSensorManager: hook catalogs hook them on this class.
package android.hardware;

import android.os.Handler;
import java.util.ArrayList;
import java.util.List;

public abstract class SensorManager {
    public static final int SENSOR_DELAY_NORMAL = 3;

    protected abstract List<Sensor> getFullSensorList();

    protected abstract boolean registerListenerImpl(SensorEventListener listener, Sensor sensor);

    public List<Sensor> getSensorList(int type) {
        List<Sensor> out = new ArrayList<>();
        for (Sensor sensor : getFullSensorList()) {
            if (type == Sensor.TYPE_ALL || sensor.getType() == type) {
                out.add(sensor);
            }
        }
        return out;
    }

    public Sensor getDefaultSensor(int type) {
        List<Sensor> found = getSensorList(type);
        return found.isEmpty() ? null : found.get(0);
    }

    // As in AOSP: the 3-argument form calls the 4-argument one (handler null), which calls
    // registerListenerImpl: one app call, one hooked method entered twice.
    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs) {
        return registerListener(listener, sensor, samplingPeriodUs, null);
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs,
            Handler handler) {
        return registerListenerImpl(listener, sensor);
    }
}
