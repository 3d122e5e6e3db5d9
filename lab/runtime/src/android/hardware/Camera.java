// Host-lab stand-in for the old android.hardware.Camera API: open() hands out a camera that
// takes no pictures (the lab has no camera); release() frees it. Without the CAMERA
// permission open() throws RuntimeException("Fail to connect to camera service"), as Android.
package android.hardware;

import harness.lab.LabPlatform;

public class Camera {
    private final int cameraId;

    private Camera(int cameraId) {
        this.cameraId = cameraId;
    }

    // As in AOSP, open() picks the back camera and constructs it (it does not call open(int)).
    public static Camera open() {
        return new Camera(connect(0));
    }

    public static Camera open(int cameraId) {
        return new Camera(connect(cameraId));
    }

    /** Without CAMERA, Android's camera service refuses: a RuntimeException, not a SecurityException. */
    private static int connect(int cameraId) {
        if (!LabPlatform.holds(LabPlatform.processContext("Camera.open"), "android.permission.CAMERA")) {
            throw new RuntimeException("Fail to connect to camera service");
        }
        return cameraId;
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
