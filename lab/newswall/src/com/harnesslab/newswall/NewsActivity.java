// Newswall lab app: its activity, which receives the runtime-permission answer.
package com.harnesslab.newswall;

import android.app.Activity;

public class NewsActivity extends Activity {
    private final NewsApp app;

    NewsActivity(NewsApp app) {
        this.app = app;
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode == NewsApp.REQUEST_PHONE) {
            app.onPhonePermission(results.length > 0 && results[0] == 0);
        }
    }
}
