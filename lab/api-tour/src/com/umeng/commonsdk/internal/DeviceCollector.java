// API-tour lab app: the Umeng SDK stand-in's device fingerprint, read on the SDK's own thread,
// one method per area: identifiers, carrier, cell, settings, serials, MACs (Java, files and a
// shell), Wi-Fi, network state, installed and running apps, clipboard, and every OAID source.
package com.umeng.commonsdk.internal;

import android.app.ActivityManager;
import android.app.admin.DevicePolicyManager;
import android.content.ClipboardManager;
import android.content.ComponentName;
import android.content.ContentResolver;
import android.content.Context;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.net.ConnectivityManager;
import android.net.NetworkInfo;
import android.net.Uri;
import android.net.wifi.WifiInfo;
import android.net.wifi.WifiManager;
import android.os.Build;
import android.os.SystemProperties;
import android.provider.Settings;
import android.telephony.PhoneStateListener;
import android.telephony.TelephonyManager;
import android.telephony.cdma.CdmaCellLocation;
import android.telephony.gsm.GsmCellLocation;
import com.android.id.impl.IdProviderImpl;
import com.google.android.gms.ads.identifier.AdvertisingIdClient;
import com.heytap.openid.IOpenID;
import com.samsung.android.deviceidservice.IDeviceIdService;
import com.uodis.opendevice.aidl.OpenDeviceIdentifierService;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.NetworkInterface;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Set;

public final class DeviceCollector {
    private DeviceCollector() {}

    public static void collectAll(Context context) {
        TelephonyManager telephony = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        telephony(telephony);
        carrier(telephony);
        cell(telephony);
        settings(context.getContentResolver());
        serials();
        macs(context);
        macFiles();
        shell();
        wifi(context);
        network(context);
        apps(context.getPackageManager());
        running(context);
        clipboard(context);
        oaid(context);
    }

    static void telephony(TelephonyManager telephony) {
        telephony.getDeviceId();
        telephony.getImei();
        telephony.getMeid();
        telephony.getDeviceSoftwareVersion();
        telephony.getSubscriberId();
        telephony.getSimSerialNumber();
        telephony.getLine1Number();
        telephony.getUiccCardsInfo().get(0).getIccId();
    }

    static void carrier(TelephonyManager telephony) {
        telephony.getSimOperator();
        telephony.getNetworkOperator();
        telephony.getNetworkOperatorName();
        telephony.getSimOperatorName();
        telephony.getNetworkCountryIso();
        telephony.getSimCountryIso();
        telephony.getServiceState();
    }

    static void cell(TelephonyManager telephony) {
        GsmCellLocation gsm = (GsmCellLocation) telephony.getCellLocation();
        gsm.getCid();
        gsm.getLac();
        CdmaCellLocation cdma = new CdmaCellLocation(1234, 56);
        cdma.getBaseStationId();
        cdma.getNetworkId();
        telephony.getAllCellInfo();
        telephony.requestCellInfoUpdate(Runnable::run, new TelephonyManager.CellInfoCallback() {
            @Override
            public void onCellInfo(List<android.telephony.CellInfo> cells) {}
        });
        telephony.listen(new PhoneStateListener(), PhoneStateListener.LISTEN_CELL_LOCATION);
    }

    /** Reported: android_id (both tables) and the Bluetooth address; not the others. */
    static void settings(ContentResolver resolver) {
        Settings.Secure.getString(resolver, Settings.Secure.ANDROID_ID);
        Settings.Secure.getString(resolver, "bluetooth_address");
        Settings.Secure.getString(resolver, "default_input_method");
        Settings.System.getString(resolver, "android_id");
        Settings.System.getString(resolver, "screen_brightness");
    }

    /** Reported: the serial (two ways) and an IMEI property; not the model property. */
    static void serials() {
        Build.getSerial();
        SystemProperties.get("ro.serialno");
        SystemProperties.get("persist.radio.imei1", "");
        SystemProperties.get("ro.product.model");
    }

    static void macs(Context context) {
        try {
            List<NetworkInterface> all = Collections.list(NetworkInterface.getNetworkInterfaces());
            NetworkInterface chosen = all.get(0);
            for (NetworkInterface candidate : all) {
                if (!candidate.isLoopback()) {
                    chosen = candidate;
                    break;
                }
            }
            chosen.getHardwareAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        DevicePolicyManager policy =
                (DevicePolicyManager) context.getSystemService(Context.DEVICE_POLICY_SERVICE);
        policy.getWifiMacAddress(new ComponentName(context.getPackageName(), "com.umeng.AdminReceiver"));
    }

    /** The files behind the MAC APIs: open(), and openat() through a directory handle. */
    static void macFiles() {
        try (InputStream in = new FileInputStream("/sys/class/net/lo/address")) {
            in.readAllBytes();
            Files.readAllLines(Path.of("/proc/net/arp"));
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/sys/class/net/lo"))) {
                if (dir instanceof SecureDirectoryStream<Path> secure) {
                    try (SeekableByteChannel channel = secure.newByteChannel(
                            Path.of("address"), Set.of(StandardOpenOption.READ))) {
                        channel.size();
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shell commands: a MAC file through `cat`, and `getprop` (absent on the host: it throws). */
    static void shell() {
        try {
            Process cat = Runtime.getRuntime().exec(new String[] {"cat", "/sys/class/net/lo/address"});
            cat.getInputStream().readAllBytes();
            cat.waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        try {
            new ProcessBuilder("getprop", "ro.serialno").start().waitFor();
        } catch (IOException | InterruptedException expected) {
            System.out.println("umeng: no getprop on this device");
        }
    }

    static void wifi(Context context) {
        WifiManager wifi = (WifiManager) context.getSystemService(Context.WIFI_SERVICE);
        WifiInfo info = wifi.getConnectionInfo();
        info.getSSID();
        info.getBSSID();
        info.getIpAddress();
        info.getNetworkId();
        info.getMacAddress();
        wifi.getConfiguredNetworks();
        wifi.getScanResults();
        wifi.getWifiState();
    }

    static void network(Context context) {
        ConnectivityManager connectivity =
                (ConnectivityManager) context.getSystemService(Context.CONNECTIVITY_SERVICE);
        NetworkInfo active = connectivity.getActiveNetworkInfo();
        active.getType();
        active.getTypeName();
        active.getExtraInfo();
        active.isAvailable();
        active.isConnected();
    }

    static void apps(PackageManager packages) {
        packages.getInstalledPackages(0);
        packages.getInstalledApplications(PackageManager.GET_META_DATA);
        packages.queryIntentActivities(new Intent(Intent.ACTION_MAIN).addCategory(Intent.CATEGORY_LAUNCHER), 0);
        packages.getInstalledModules(0);
        // The hidden forms the public ones call (AOSP), as SDKs call them by reflection.
        packages.getInstalledPackagesAsUser(0, 0);
        packages.getInstalledApplicationsAsUser(0, 0);
    }

    static void running(Context context) {
        ActivityManager activities = (ActivityManager) context.getSystemService(Context.ACTIVITY_SERVICE);
        activities.getRunningAppProcesses();
        activities.getRunningTasks(10);
        activities.getRecentTasks(10, 0);
        activities.getRunningServices(10);
        activities.getRunningServiceControlPanel(new ComponentName("com.tencent.mm", "com.tencent.mm.PushService"));
    }

    static void clipboard(Context context) {
        ClipboardManager clipboard = (ClipboardManager) context.getSystemService(Context.CLIPBOARD_SERVICE);
        clipboard.getPrimaryClip();
        clipboard.getText();
    }

    /** Every OAID source the SDK knows: Google, then each vendor's. */
    static void oaid(Context context) {
        String self = context.getPackageName();
        AdvertisingIdClient.getAdvertisingIdInfo(context).getId();
        IdProviderImpl xiaomi = new IdProviderImpl();
        xiaomi.getUDID(context);
        xiaomi.getOAID(context);
        xiaomi.getVAID(context);
        xiaomi.getAAID(context);
        IDeviceIdService samsung = IDeviceIdService.Stub.asInterface(null);
        samsung.getOAID();
        samsung.getVAID(self);
        samsung.getAAID(self);
        repeackage.com.samsung.android.deviceidservice.IDeviceIdService msa =
                repeackage.com.samsung.android.deviceidservice.IDeviceIdService.Stub.asInterface(null);
        msa.getOAID();
        msa.getVAID(self);
        msa.getAAID(self);
        com.huawei.hms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(context).getId();
        OpenDeviceIdentifierService.Stub.asInterface(null).getOaid();
        com.hihonor.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(context).getId();
        IOpenID.Stub.asInterface(null).getSerID(self, "lab-signature", "OUID");
        context.getContentResolver()
                .query(Uri.parse("content://com.vivo.vms.IdProvider/IdentifierId/OAID"), null, null, null, null)
                .close();
    }
}
