// Host-lab stand-in for CameraX's androidx.camera.core.ImageCapture (a library the app ships,
// hooked when its class loader defines it): takePicture "captures" an empty image at once.
package androidx.camera.core;

import java.util.concurrent.Executor;

public final class ImageCapture {
    /** Called with the captured image (here: its size in bytes). */
    public interface OnImageCapturedCallback {
        void onCaptureSuccess(int bytes);
    }

    public void takePicture(Executor executor, OnImageCapturedCallback callback) {
        executor.execute(() -> callback.onCaptureSuccess(0));
    }
}
