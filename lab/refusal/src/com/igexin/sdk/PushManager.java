// Refusal lab app: a stand-in for a bundled push SDK, in Getui's package (com.igexin.sdk), so
// the harness's SDK database attributes its reads to the SDK (个推) by the Java stack.
// initialize() reads the subscriber id (IMSI) to register the device, as push SDKs did.
package com.igexin.sdk;

import android.content.Context;
import android.telephony.TelephonyManager;

public final class PushManager {
    private static final PushManager INSTANCE = new PushManager();
    private String clientId;

    private PushManager() {}

    public static PushManager getInstance() {
        return INSTANCE;
    }

    public void initialize(Context context) {
        TelephonyManager telephony = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        String imsi = telephony.getSubscriberId();
        clientId = "gt-" + (imsi == null ? "none" : Integer.toHexString(imsi.hashCode()));
    }

    public String getClientid() {
        return clientId;
    }
}
