// Compliant lab app: its activity, which receives the runtime-permission answers.
package com.harnesslab.route;

import android.app.Activity;

public class RouteActivity extends Activity {
    private final RouteApp app;

    RouteActivity(RouteApp app) {
        this.app = app;
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode == RouteApp.REQUEST_LOCATION) {
            app.onLocationPermission(results.length > 0 && results[0] == 0);
        }
    }
}
