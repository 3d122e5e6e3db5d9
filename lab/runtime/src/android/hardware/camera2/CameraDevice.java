// Host-lab stand-in for android.hardware.camera2.CameraDevice and its StateCallback.
package android.hardware.camera2;

public class CameraDevice {
    private final String id;

    CameraDevice(String id) {
        this.id = id;
    }

    public String getId() {
        return id;
    }

    public void close() {}

    public abstract static class StateCallback {
        public abstract void onOpened(CameraDevice camera);

        public void onDisconnected(CameraDevice camera) {}
    }

    @Override
    public String toString() {
        return "CameraDevice{" + id + "}";
    }
}
