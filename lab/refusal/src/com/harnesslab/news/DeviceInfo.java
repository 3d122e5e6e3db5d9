// Refusal lab app: its own personal-data reads, one clearly named method each. After the user
// refused the policy it reads the Android ID and sends it to its own server, synchronously.
package com.harnesslab.news;

import android.content.Context;
import android.provider.Settings;
import harness.lab.FormPost;
import java.io.IOException;

final class DeviceInfo {
    private static final String REFUSAL_URL = "https://api.harnesslab.com/news/refusal";

    private DeviceInfo() {}

    static void rememberRefusal(Context context) {
        String androidId = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        try {
            FormPost.send(REFUSAL_URL, "aid=" + androidId + "&choice=refuse");
        } catch (IOException e) {
            System.err.println("news: sending failed: " + e);
        }
    }
}
