// Shop lab app: its one activity. It exists for the runtime-permission API: the app asks
// with Activity.requestPermissions or ActivityCompat, and gets the answers here, as Android
// apps do.
package com.harnesslab.shop;

import android.app.Activity;

public class ShopActivity extends Activity {
    private final ShopApp app;

    ShopActivity(ShopApp app) {
        this.app = app;
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        app.onPermissionsResult(requestCode, permissions, grantResults);
    }
}
