// Pushy lab app: its activity, which receives the runtime-permission answers.
package com.harnesslab.deals;

import android.app.Activity;

public class DealsActivity extends Activity {
    private final DealsApp app;

    DealsActivity(DealsApp app) {
        this.app = app;
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        app.onPermissions(requestCode, results.length > 0 && results[0] == 0);
    }
}
