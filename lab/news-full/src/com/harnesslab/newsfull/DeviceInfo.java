// News lab app: its own personal-data reads, one clearly named method each.
package com.harnesslab.newsfull;

import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.Context;
import android.provider.Settings;

final class DeviceInfo {
    private DeviceInfo() {}

    static String collectAndroidId(Context context) {
        return Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
    }

    static String readClipboardForShareCode(Context context) {
        ClipboardManager clipboard =
                (ClipboardManager) context.getSystemService(Context.CLIPBOARD_SERVICE);
        ClipData clip = clipboard.getPrimaryClip();
        return clip == null ? "" : String.valueOf(clip);
    }
}
