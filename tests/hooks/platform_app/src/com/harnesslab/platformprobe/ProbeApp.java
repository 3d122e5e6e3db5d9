// Test-only lab app (see ../../../../app.yaml): each call in a named method, its outcome
// printed as "probe: <name> = <value>" or "probe: <name> = threw <exception class>".
package com.harnesslab.platformprobe;

import android.accounts.AccountManager;
import android.bluetooth.BluetoothAdapter;
import android.content.Context;
import android.content.pm.PackageManager;
import android.hardware.Camera;
import android.hardware.Sensor;
import android.hardware.SensorEventListener;
import android.hardware.SensorManager;
import android.hardware.camera2.CameraDevice;
import android.hardware.camera2.CameraManager;
import android.location.LocationListener;
import android.location.LocationManager;
import android.media.AudioRecord;
import android.os.Build;
import android.os.Looper;
import android.telephony.SmsManager;
import android.telephony.TelephonyManager;
import com.google.android.gms.ads.identifier.AdvertisingIdClient;
import harness.lab.LabApplication;
import harness.lab.ui.Node;
import harness.lab.ui.Screen;
import java.util.concurrent.Callable;

public class ProbeApp extends LabApplication {
    private static final String PACKAGE = "com.harnesslab.platformprobe";

    @Override
    public void onCreate() {
        super.onCreate();
        window().show(Screen.of("probe", PACKAGE, Node.of(Node.FRAME_LAYOUT)));
        TelephonyManager telephony = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        LocationManager location = (LocationManager) getSystemService(Context.LOCATION_SERVICE);
        SensorManager sensors = (SensorManager) getSystemService(Context.SENSOR_SERVICE);
        PackageManager packages = getPackageManager();
        // Outer forms: each delegates to an inner hooked overload (or entry) on the lab, as on ART.
        show("getImei()", telephony::getImei);
        show("getMeid()", telephony::getMeid);
        show("getSubscriberId()", telephony::getSubscriberId);
        show("getLine1Number()", telephony::getLine1Number);
        show("getSimSerialNumber()", telephony::getSimSerialNumber);
        show("getDeviceId()", telephony::getDeviceId);
        show("getInstalledPackages(int)", () -> packages.getInstalledPackages(0).size());
        show("getInstalledApplications(int)", () -> packages.getInstalledApplications(0).size());
        show("getPackageInfo(other)", () -> packages.getPackageInfo("com.tencent.mm", 0).packageName);
        show("registerListener(3)", () -> sensors.registerListener(LISTENER, accelerometer(sensors), 3));
        show("requestLocationUpdates(4)", () -> {
            location.requestLocationUpdates(LocationManager.GPS_PROVIDER, 1000L, 1f, FIX);
            return "ok";
        });
        show("requestSingleUpdate", () -> {
            location.requestSingleUpdate(LocationManager.GPS_PROVIDER, FIX, Looper.getMainLooper());
            return "ok";
        });
        show("getLastKnownLocation", () -> location.getLastKnownLocation(LocationManager.GPS_PROVIDER));
        // Inner forms called directly: each is a call of its own.
        show("getImei(int)", () -> telephony.getImei(0));
        show("getSubscriberId(int)", () -> telephony.getSubscriberId(1));
        show("getInstalledPackagesAsUser", () -> packages.getInstalledPackagesAsUser(0, 0).size());
        show("registerListener(4)", () -> sensors.registerListener(LISTENER, accelerometer(sensors), 3, null));
        // Placeholders and restricted answers.
        show("Build.SERIAL", () -> Build.SERIAL);
        show("Build.getSerial", Build::getSerial);
        show("BluetoothAdapter.getAddress", () -> BluetoothAdapter.getDefaultAdapter().getAddress());
        show("gaid", () -> AdvertisingIdClient.getAdvertisingIdInfo(this).getId());
        show("gaid.limited", () -> AdvertisingIdClient.getAdvertisingIdInfo(this).isLimitAdTrackingEnabled());
        // Other dangerous permissions, each failing as Android fails it.
        show("openCamera", () -> {
            CameraManager cameras = (CameraManager) getSystemService(Context.CAMERA_SERVICE);
            cameras.openCamera("0", new CameraDevice.StateCallback() {
                @Override
                public void onOpened(CameraDevice camera) {}
            }, null);
            return "ok";
        });
        show("Camera.open", () -> Camera.open());
        show("AudioRecord.startRecording", () -> {
            new AudioRecord(1, 16000, 16, 2, 4096).startRecording();
            return "ok";
        });
        show("sendTextMessage", () -> {
            SmsManager.getDefault().sendTextMessage("10086", null, "hi", null, null);
            return "ok";
        });
        show("getAccounts", () -> AccountManager.get(this).getAccounts().length);
        System.out.println("probe: done");
    }

    private static final SensorEventListener LISTENER = (sensor, accuracy) -> {};
    private static final LocationListener FIX = fix -> {};

    private static Sensor accelerometer(SensorManager sensors) {
        return sensors.getDefaultSensor(Sensor.TYPE_ACCELEROMETER);
    }

    private static void show(String what, Callable<Object> call) {
        String outcome;
        try {
            outcome = String.valueOf(call.call());
        } catch (Exception e) {
            outcome = "threw " + e.getClass().getName();
        }
        System.out.println("probe: " + what + " = " + outcome);
    }
}
