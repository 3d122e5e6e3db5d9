// Tracker lab app: a stand-in for a bundled location SDK, in AMap's package
// (com.amap.api.location), so the harness's SDK database attributes its reads to the SDK by the
// Java stack. startLocation() "fingerprints" the device: 15 reads of the Android ID, 100 ms
// apart, on the caller's thread (so all of them happen before the app's next UI event).
package com.amap.api.location;

import android.content.Context;
import android.provider.Settings;

public class AMapLocationClient {
    private static final int PROBES = 15;
    private static final long PROBE_INTERVAL_MILLIS = 100;

    private final Context context;

    public AMapLocationClient(Context context) {
        this.context = context;
    }

    public void startLocation() {
        for (int i = 0; i < PROBES; i++) {
            Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
            try {
                Thread.sleep(PROBE_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
