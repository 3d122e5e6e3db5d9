// Host-lab stand-in for the old android.hardware.Camera API: open() hands out a camera that
// takes no pictures (the lab has no camera); release() frees it.
package android.hardware;

public class Camera {
    private final int cameraId;

    private Camera(int cameraId) {
        this.cameraId = cameraId;
    }

    public static Camera open() {
        return new Camera(0);
    }

    public static Camera open(int cameraId) {
        return new Camera(cameraId);
    }

    public static int getNumberOfCameras() {
        return 2;
    }

    public void release() {}

    @Override
    public String toString() {
        return "Camera{" + cameraId + "}";
    }
}
