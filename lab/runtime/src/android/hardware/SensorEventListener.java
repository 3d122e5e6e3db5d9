// Host-lab stand-in for android.hardware.SensorEventListener (never called: no readings).
package android.hardware;

public interface SensorEventListener {
    void onAccuracyChanged(Sensor sensor, int accuracy);
}
