// Host-lab stand-in for android.media.AudioRecord: records silence (no microphone on the lab).
package android.media;

public class AudioRecord {
    public static final int RECORDSTATE_STOPPED = 1;
    public static final int RECORDSTATE_RECORDING = 3;

    private volatile int state = RECORDSTATE_STOPPED;

    public AudioRecord(int audioSource, int sampleRateInHz, int channelConfig, int audioFormat,
            int bufferSizeInBytes) {}

    public void startRecording() {
        state = RECORDSTATE_RECORDING;
    }

    public int read(byte[] audioData, int offset, int size) {
        java.util.Arrays.fill(audioData, offset, offset + size, (byte) 0);
        return size;
    }

    public void stop() {
        state = RECORDSTATE_STOPPED;
    }

    public int getRecordingState() {
        return state;
    }

    public void release() {}
}
