// Host-lab stand-in for android.hardware.camera2.CameraManager: two cameras ("0" back,
// "1" front); openCamera calls onOpened at once (through the handler, when one is given).
// Without the CAMERA permission openCamera throws SecurityException (harness.lab.LabPlatform).
package android.hardware.camera2;

import android.content.Context;
import android.os.Handler;
import harness.lab.LabPlatform;
import java.util.concurrent.Executor;

public class CameraManager {
    private final Context context;

    public CameraManager(Context context) {
        this.context = context;
    }

    public String[] getCameraIdList() {
        return new String[] {"0", "1"};
    }

    public void openCamera(String cameraId, CameraDevice.StateCallback callback, Handler handler) {
        LabPlatform.enforceAny(context, "openCamera", "android.permission.CAMERA");
        CameraDevice device = new CameraDevice(cameraId);
        if (handler == null) {
            callback.onOpened(device);
        } else {
            handler.post(() -> callback.onOpened(device));
        }
    }

    public void openCamera(String cameraId, Executor executor, CameraDevice.StateCallback callback) {
        LabPlatform.enforceAny(context, "openCamera", "android.permission.CAMERA");
        CameraDevice device = new CameraDevice(cameraId);
        executor.execute(() -> callback.onOpened(device));
    }

    @Override
    public String toString() {
        return "CameraManager{" + context.getPackageName() + "}";
    }
}
