// API-tour lab app: its one activity, which asks for runtime permissions.
package com.harnesslab.apitour;

import android.app.Activity;

public class TourActivity extends Activity {
    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        System.out.println("apitour: permission answer " + requestCode);
    }
}
