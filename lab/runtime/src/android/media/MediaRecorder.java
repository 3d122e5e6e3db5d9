// Host-lab stand-in for android.media.MediaRecorder: start()/stop() record nothing.
package android.media;

import harness.lab.LabPlatform;

public class MediaRecorder {
    private volatile boolean recording;

    /** Without RECORD_AUDIO Android's native setup fails: RuntimeException("setAudioSource failed."). */
    public void setAudioSource(int source) {
        if (!LabPlatform.holds(LabPlatform.processContext("MediaRecorder"), "android.permission.RECORD_AUDIO")) {
            throw new RuntimeException("setAudioSource failed.");
        }
    }

    public void setOutputFile(String path) {}

    public void prepare() {}

    public void start() {
        recording = true;
    }

    public void stop() {
        recording = false;
    }

    public boolean isRecording() {
        return recording;
    }

    public void release() {}
}
