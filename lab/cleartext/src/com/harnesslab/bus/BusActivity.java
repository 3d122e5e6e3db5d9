// Cleartext lab app: its activity, which receives the runtime-permission answers.
package com.harnesslab.bus;

import android.app.Activity;

public class BusActivity extends Activity {
    private final BusApp app;

    BusActivity(BusApp app) {
        this.app = app;
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode == BusApp.REQUEST_LOCATION) {
            app.onLocationPermission(results.length > 0 && results[0] == 0);
        }
    }
}
