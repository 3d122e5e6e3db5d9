// Inbox lab app: a stand-in for Getui's push service (com.igexin.sdk.PushService), which apps
// declare with android:process=":push"-style names so it runs in a process of its own. On
// start it registers the device: it reads the device id (IMEI) and the IMSI, before the app
// has asked for any consent. The SDK database attributes both reads to 个推 by the Java stack.
package com.igexin.sdk;

import android.content.Context;
import android.telephony.TelephonyManager;
import harness.lab.LabService;

public final class PushService extends LabService {
    private String registration;

    @Override
    public void onCreate() {
        TelephonyManager telephony =
                (TelephonyManager) getBaseContext().getSystemService(Context.TELEPHONY_SERVICE);
        String imei = telephony.getDeviceId();
        String imsi = telephony.getSubscriberId();
        registration = "gt-" + Integer.toHexString((imei + "/" + imsi).hashCode());
        System.err.println("getui: registered " + registration);
    }
}
