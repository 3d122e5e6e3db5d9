// Traffic tour: every personal-data read of the app, one clearly named method each, through
// the Android APIs the harness hooks where the lab has them (TelephonyManager, Settings,
// LocationManager/Location); the MAC, SSID and advertising id through their stand-ins, and the
// serial straight from the lab device (no hooked API reads it here).
package com.harnesslab.traffictour;

import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import android.net.wifi.WifiManager;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import com.google.android.gms.ads.identifier.AdvertisingIdClient;
import harness.lab.LabIdentifiers;

/** The identifiers the tour sends, read once at startup. */
record DeviceInfo(
        String imei,
        String androidId,
        String imsi,
        String phone,
        double latitude,
        double longitude,
        String mac,
        String ssid,
        String advertisingId,
        String serial) {

    static DeviceInfo collect(Context context) {
        TelephonyManager telephony =
                (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        Location fix = collectLocation(context);
        WifiManager wifi = new WifiManager(context);
        String ssid = wifi.getConnectionInfo().getSSID();
        return new DeviceInfo(
                collectDeviceId(telephony),
                collectAndroidId(context),
                collectImsi(telephony),
                collectPhoneNumber(telephony),
                fix.getLatitude(),
                fix.getLongitude(),
                wifi.getConnectionInfo().getMacAddress(),
                ssid.substring(1, ssid.length() - 1), // Android quotes the SSID
                AdvertisingIdClient.getAdvertisingIdInfo(context).getId(),
                LabIdentifiers.get("serial"));
    }

    static String collectDeviceId(TelephonyManager telephony) {
        return telephony.getDeviceId();
    }

    static String collectAndroidId(Context context) {
        return Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
    }

    static String collectImsi(TelephonyManager telephony) {
        return telephony.getSubscriberId();
    }

    static String collectPhoneNumber(TelephonyManager telephony) {
        return telephony.getLine1Number();
    }

    static Location collectLocation(Context context) {
        LocationManager locations =
                (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        return locations.getLastKnownLocation(LocationManager.GPS_PROVIDER);
    }
}
