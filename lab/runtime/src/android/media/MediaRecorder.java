// Host-lab stand-in for android.media.MediaRecorder: start()/stop() record nothing.
package android.media;

public class MediaRecorder {
    private volatile boolean recording;

    public void setAudioSource(int source) {}

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
