// Lab app 日程助手: its manifest receiver. Run by the system (the lab's ReceiverLauncher, in the
// ":core" process) for BOOT_COMPLETED or USER_PRESENT while the app is stopped: it reads the
// device id (TelephonyManager.getDeviceId) and POSTs it to https://api.harnesslab.com/agenda/wake,
// a "keep-alive" report no user asked for.
package com.harnesslab.agenda;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.telephony.TelephonyManager;
import harness.lab.FormPost;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

public class BootReceiver extends BroadcastReceiver {
    private static final String URL = "https://api.harnesslab.com/agenda/wake";

    @Override
    public void onReceive(Context context, Intent intent) {
        TelephonyManager phone = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        String deviceId = phone.getDeviceId();
        String body = "event=" + URLEncoder.encode(intent.getAction(), StandardCharsets.UTF_8)
                + "&device=" + URLEncoder.encode(deviceId == null ? "" : deviceId, StandardCharsets.UTF_8);
        try {
            FormPost.send(URL, body);
        } catch (IOException e) {
            System.err.println("agenda: wake report failed: " + e);
        }
    }
}
