// Clipwall lab app: its activity, which receives the runtime-permission answer.
package com.harnesslab.clipnow;

import android.app.Activity;

public class ClipActivity extends Activity {
    private final ClipApp app;

    ClipActivity(ClipApp app) {
        this.app = app;
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode == ClipApp.REQUEST_LOCATION) {
            app.onLocationPermission(results.length > 0 && results[0] == 0);
        }
    }
}
