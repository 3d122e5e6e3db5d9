// Shop lab app: every personal-data read of the app, one clearly named method each, so the
// Java stack of a hooked call names the app method (and the reason) behind it.
package com.harnesslab.shop;

import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.Context;
import android.content.pm.ApplicationInfo;
import android.location.Location;
import android.location.LocationManager;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import java.util.List;
import java.util.Locale;

final class DeviceInfo {
    private DeviceInfo() {}

    /** At startup, before any consent: the device fingerprint for "risk control". */
    static String collectAndroidId(Context context) {
        return Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
    }

    /** After a refusal: the device is remembered as "refused" by its Android ID. */
    static String rememberRefusal(Context context) {
        return Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
    }

    /** Only when READ_PHONE_STATE was granted. */
    static String collectDeviceId(Context context) {
        TelephonyManager telephony =
                (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        return telephony.getDeviceId();
    }

    /** The nearby-stores screen, only when location was granted. */
    static String collectLocation(Context context) {
        LocationManager locations =
                (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        Location fix = locations.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        if (fix == null) {
            return "未知";
        }
        return String.format(Locale.ROOT, "%.4f, %.4f", fix.getLatitude(), fix.getLongitude());
    }

    /** Each return to the foreground: looks for a shared "口令" on the clipboard. */
    static String checkClipboardForShareCode(Context context) {
        ClipboardManager clipboard =
                (ClipboardManager) context.getSystemService(Context.CLIPBOARD_SERVICE);
        ClipData clip = clipboard.getPrimaryClip();
        if (clip == null || clip.getItemCount() == 0) {
            return "";
        }
        CharSequence text = clip.getItemAt(0).getText();
        return text == null ? "" : text.toString();
    }

    /** Each time the app goes to the background: installed apps, for "recommendations". */
    static int collectInstalledAppsForAds(Context context) {
        List<ApplicationInfo> apps = context.getPackageManager().getInstalledApplications(0);
        return apps.size();
    }
}
