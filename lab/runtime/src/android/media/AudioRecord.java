// Host-lab stand-in for android.media.AudioRecord: records silence (no microphone on the lab).
// Without RECORD_AUDIO it is left uninitialised and startRecording() throws
// IllegalStateException, as on Android (harness.lab.LabPlatform).
package android.media;

import harness.lab.LabPlatform;

public class AudioRecord {
    public static final int RECORDSTATE_STOPPED = 1;
    public static final int RECORDSTATE_RECORDING = 3;

    private volatile int state = RECORDSTATE_STOPPED;

    public static final int STATE_UNINITIALIZED = 0;
    public static final int STATE_INITIALIZED = 1;

    private final int initState;

    /** Without RECORD_AUDIO, Android's constructor leaves it uninitialised (it logs, no throw). */
    public AudioRecord(int audioSource, int sampleRateInHz, int channelConfig, int audioFormat,
            int bufferSizeInBytes) {
        initState = LabPlatform.holds(LabPlatform.processContext("AudioRecord"), "android.permission.RECORD_AUDIO")
                ? STATE_INITIALIZED : STATE_UNINITIALIZED;
    }

    public int getState() {
        return initState;
    }

    public void startRecording() {
        if (initState != STATE_INITIALIZED) {
            throw new IllegalStateException("startRecording() called on an uninitialized AudioRecord.");
        }
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
