// API-tour lab app: the app's own reads, on the main thread, one method per area. Each hooked
// call is made exactly once unless ../tour.yaml says otherwise (classified entries are called
// once per category, plus calls that must NOT be reported).
package com.harnesslab.apitour;

import android.accounts.AccountManager;
import android.app.ApplicationPackageManager;
import android.bluetooth.BluetoothAdapter;
import android.bluetooth.BluetoothDevice;
import android.content.ActivityNotFoundException;
import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.ContentResolver;
import android.content.ComponentName;
import android.content.ContentValues;
import android.content.Context;
import android.content.Intent;
import android.content.ServiceConnection;
import android.content.pm.PackageManager;
import android.database.ContentObserver;
import android.hardware.Camera;
import android.hardware.Sensor;
import android.hardware.SensorEventListener;
import android.hardware.SensorManager;
import android.hardware.camera2.CameraDevice;
import android.hardware.camera2.CameraManager;
import android.location.Criteria;
import android.location.Geocoder;
import android.location.Location;
import android.location.LocationListener;
import android.location.LocationManager;
import android.media.AudioRecord;
import android.media.MediaRecorder;
import android.net.Uri;
import android.os.Bundle;
import android.os.Looper;
import android.provider.MediaStore;
import android.telephony.SmsManager;
import androidx.camera.core.ImageCapture;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

final class FirstPartyTour {
    /** Looks like external storage, but under /proc: nothing can be created on the host. */
    static final String EXTERNAL = "/proc/self/sdcard";

    private FirstPartyTour() {}

    static void run(Context context, TourActivity activity) {
        location(context);
        geocoder(context);
        providers(context.getContentResolver());
        sms();
        camera(context);
        microphone();
        accounts(context);
        bluetooth();
        sensors(context);
        permissions(activity);
        otherApps(context.getPackageManager(), context.getPackageName());
        probeUninstalled(context.getPackageManager());
        clipboardUse(context);
        componentStarts(context);
        storage();
        addresses();
    }

    static void location(Context context) {
        LocationManager manager = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        LocationListener listener = fix -> {};
        manager.requestLocationUpdates(LocationManager.GPS_PROVIDER, 60_000L, 10f, listener);
        manager.requestSingleUpdate(LocationManager.NETWORK_PROVIDER, listener, Looper.getMainLooper());
        manager.removeUpdates(listener);
        Location fix = manager.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        double latitude = fix.getLatitude();
        double longitude = fix.getLongitude();
        manager.getCurrentLocation(LocationManager.GPS_PROVIDER, null, Runnable::run, current -> {});
        Criteria criteria = new Criteria();
        criteria.setAccuracy(Criteria.ACCURACY_FINE);
        manager.getBestProvider(criteria, true);
        manager.getProvider(LocationManager.GPS_PROVIDER);
        manager.getProviders(true);
        manager.getGnssHardwareModelName();
        manager.getGnssYearOfHardware();
        System.out.printf("apitour: at %.4f,%.4f%n", latitude, longitude);
    }

    static void geocoder(Context context) {
        Geocoder geocoder = new Geocoder(context);
        geocoder.getFromLocation(39.9042, 116.4074, 1);
        geocoder.getFromLocationName("天安门", 1);
    }

    /** One query per personal authority, one that is not personal, and the other calls. */
    static void providers(ContentResolver resolver) {
        resolver.query(Uri.parse("content://com.android.contacts/data/phones"), null, null, null, null).close();
        resolver.query(Uri.parse("content://call_log/calls"), null, null, null, null, null).close();
        resolver.query(Uri.parse("content://sms/inbox"), null, new Bundle(), null).close();
        resolver.query(Uri.parse("content://com.android.calendar/events"), null, null, null, null).close();
        resolver.query(Uri.parse("content://media/external/audio/media"), null, null, null, null).close();
        resolver.query(Uri.parse("content://com.harnesslab.apitour.notes/notes"), null, null, null, null).close();
        MediaStore.Images.Media.query(resolver, MediaStore.Images.Media.EXTERNAL_CONTENT_URI, null).close();
        resolver.registerContentObserver(Uri.parse("content://sms"), true, new ContentObserver(null) {});
        ContentValues event = new ContentValues();
        event.put("title", "apitour");
        resolver.insert(Uri.parse("content://com.android.calendar/events"), event);
        resolver.delete(Uri.parse("content://call_log/calls"), "number = ?", new String[] {"10086"});
        try (InputStream photo = resolver.openInputStream(Uri.parse("content://media/external/images/media/1"))) {
            photo.readAllBytes();
            resolver.openFileDescriptor(Uri.parse("content://media/external/images/media/1"), "r").close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sms() {
        SmsManager sms = SmsManager.getDefault();
        sms.sendTextMessage("10086", null, "CXLL", null, null);
        ArrayList<String> parts = new ArrayList<>(List.of("part one ", "part two"));
        sms.sendMultipartTextMessage("10086", null, parts, null, null);
        sms.sendDataMessage("10086", null, (short) 8091, new byte[] {1, 2}, null, null);
        sms.sendTextMessageWithSelfPermissions("10086", null, "self", null, null, false);
        sms.sendDataMessageWithSelfPermissions("10086", null, (short) 8091, new byte[] {3}, null, null);
        sms.sendTextMessageInternal("10086", null, "internal", null, null, true);
        sms.sendMultipartTextMessageInternal("10086", null, parts, null, null, true);
    }

    static void camera(Context context) {
        Camera.open().release();
        CameraManager cameras = (CameraManager) context.getSystemService(Context.CAMERA_SERVICE);
        cameras.openCamera("0", new CameraDevice.StateCallback() {
            @Override
            public void onOpened(CameraDevice camera) {
                camera.close();
            }
        }, null);
        new ImageCapture().takePicture(Runnable::run, bytes -> {});
    }

    static void microphone() {
        AudioRecord record = new AudioRecord(1, 16000, 16, 2, 4096);
        record.startRecording();
        record.stop();
        record.release();
        MediaRecorder recorder = new MediaRecorder();
        recorder.start();
        recorder.stop();
        recorder.release();
    }

    static void accounts(Context context) {
        AccountManager accounts = AccountManager.get(context);
        accounts.getAccounts();
        accounts.getAccountsByType("com.google");
    }

    static void bluetooth() {
        BluetoothAdapter adapter = BluetoothAdapter.getDefaultAdapter();
        adapter.getName();
        adapter.getAddress();
        BluetoothDevice headset = adapter.getBondedDevices().iterator().next();
        headset.getName();
        headset.getAddress();
    }

    static void sensors(Context context) {
        SensorManager sensors = (SensorManager) context.getSystemService(Context.SENSOR_SERVICE);
        List<Sensor> all = sensors.getSensorList(Sensor.TYPE_ALL);
        sensors.registerListener((SensorEventListener) (sensor, accuracy) -> {}, all.get(0),
                SensorManager.SENSOR_DELAY_NORMAL);
    }

    /** Three ways to ask; ActivityCompat's inner Activity.requestPermissions is not a 4th. */
    static void permissions(TourActivity activity) {
        activity.requestPermissions(new String[] {"android.permission.ACCESS_FINE_LOCATION"}, 1);
        androidx.core.app.ActivityCompat.requestPermissions(activity,
                new String[] {"android.permission.READ_CONTACTS"}, 2);
        android.support.v4.app.ActivityCompat.requestPermissions(activity,
                new String[] {"android.permission.RECORD_AUDIO"}, 3);
    }

    /** Lookups of other apps are reported; lookups of the app itself are not. */
    static void otherApps(PackageManager packages, String self) {
        try {
            packages.getApplicationInfo(self, 0);
            packages.getApplicationInfo("com.tencent.mm", 0);
            packages.getPackageInfo("com.eg.android.AlipayGphone", 0);
            ((ApplicationPackageManager) packages).getPackageInfoAsUser("com.ss.android.ugc.aweme", 0, 0);
        } catch (PackageManager.NameNotFoundException e) {
            throw new IllegalStateException(e);
        }
        packages.getInstallerPackageName(self);
        packages.getInstallerPackageName("com.tencent.mm");
    }

    /** A lookup that throws is still an attempt: reported, with the exception. */
    static void probeUninstalled(PackageManager packages) {
        try {
            packages.getPackageInfo("com.example.notinstalled", 0);
        } catch (PackageManager.NameNotFoundException expected) {
            System.out.println("apitour: not installed, as expected");
        }
    }

    static void clipboardUse(Context context) {
        ClipboardManager clipboard = (ClipboardManager) context.getSystemService(Context.CLIPBOARD_SERVICE);
        clipboard.hasPrimaryClip();
        clipboard.getPrimaryClipDescription();
        clipboard.setPrimaryClip(ClipData.newPlainText("share", "https://example.com/apitour"));
    }

    /** Another app's service, binding, activity and broadcast: none is on the lab phone. */
    static void componentStarts(Context context) {
        context.startService(new Intent().setClassName("com.example.partner", "com.example.partner.SyncService"));
        context.startForegroundService(new Intent().setClassName("com.example.partner", "com.example.partner.SyncService"));
        context.bindService(new Intent().setClassName("com.example.partner", "com.example.partner.SyncService"),
                new ServiceConnection() {
                    @Override
                    public void onServiceConnected(ComponentName name, android.os.IBinder service) {}

                    @Override
                    public void onServiceDisconnected(ComponentName name) {}
                }, Context.BIND_AUTO_CREATE);
        try {
            context.startActivity(new Intent().setClassName("com.example.partner", "com.example.partner.MainActivity"));
        } catch (ActivityNotFoundException expected) {
            System.out.println("apitour: no partner app on the lab phone, as expected");
        }
        context.sendBroadcast(new Intent("com.example.partner.WAKE").setPackage("com.example.partner"));
    }

    static void storage() {
        new File(EXTERNAL + "/apitour").mkdir();
        new File(EXTERNAL + "/apitour/cache").mkdirs();
        try (RandomAccessFile db = new RandomAccessFile(EXTERNAL + "/apitour.db", "rw")) {
            db.length();
        } catch (IOException expected) {
            System.out.println("apitour: no external storage on the host, as expected");
        }
    }

    static void addresses() {
        try {
            InetAddress v4 = InetAddress.getByName("127.0.0.1");
            v4.getHostAddress();
            v4.getAddress();
            v4.getHostName();
            InetAddress v6 = InetAddress.getByName("::1");
            v6.getHostAddress();
            v6.getAddress();
            InetSocketAddress socket = new InetSocketAddress("127.0.0.1", 443);
            socket.getHostName();
            socket.getAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
