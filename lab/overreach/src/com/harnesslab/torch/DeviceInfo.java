// Overreach lab app: its personal-data reads, one clearly named method each.
package com.harnesslab.torch;

import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.Context;
import android.content.pm.PackageInfo;
import java.util.List;

final class DeviceInfo {
    private DeviceInfo() {}

    static int scanInstalledAppsForAds(Context context) {
        List<PackageInfo> packages = context.getPackageManager().getInstalledPackages(0);
        return packages.size();
    }

    static String peekClipboard(Context context) {
        ClipboardManager clipboard = (ClipboardManager) context.getSystemService(Context.CLIPBOARD_SERVICE);
        ClipData clip = clipboard.getPrimaryClip();
        return clip == null ? "" : String.valueOf(clip);
    }
}
