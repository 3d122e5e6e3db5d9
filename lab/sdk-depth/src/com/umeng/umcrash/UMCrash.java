// sdk-depth lab app: a stand-in for Umeng's crash SDK (U-APM, package com.umeng.umcrash), not
// its analytics SDK. init() reads the device id (IMEI) for the crash reports' device info and
// hands it to the crash engine U-APM ships (com.uc.crashsdk), which uploads it.
package com.umeng.umcrash;

import android.content.Context;
import android.telephony.TelephonyManager;
import com.uc.crashsdk.export.CrashApi;

public final class UMCrash {
    private UMCrash() {}

    public static void init(Context context, String appkey) {
        TelephonyManager telephony = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        String imei = telephony.getDeviceId();
        CrashApi.createInstance(appkey, imei).validate();
    }
}
