// Lab stand-in for the Getui push SDK's entry point (com.igexin.sdk.PushManager, the class
// name of the real SDK, so the SDK database names the collector). Its initialize() does what
// push SDKs were named for in the 2020-2021 notices, "家族唤醒": it starts and binds the push
// service of other apps that embed the same SDK, and sends them a wake-up broadcast, so that
// one app's start brings the others' processes up.
package com.igexin.sdk;

import android.content.ComponentName;
import android.content.Context;
import android.content.Intent;
import android.content.ServiceConnection;
import android.os.IBinder;

public final class PushManager {
    private static final PushManager INSTANCE = new PushManager();
    private static final String[] PARTNERS = {"com.harnesslab.news", "com.harnesslab.deals"};
    private static final String SERVICE = "com.igexin.sdk.PushService";

    private PushManager() {}

    public static PushManager getInstance() {
        return INSTANCE;
    }

    public void initialize(Context context) {
        for (String partner : PARTNERS) {
            context.startService(new Intent().setClassName(partner, SERVICE));
        }
        context.bindService(new Intent().setClassName(PARTNERS[0], SERVICE), new ServiceConnection() {
            @Override
            public void onServiceConnected(ComponentName name, IBinder service) {}

            @Override
            public void onServiceDisconnected(ComponentName name) {}
        }, Context.BIND_AUTO_CREATE);
        context.sendBroadcast(new Intent("com.igexin.sdk.action.WAKE").setPackage(PARTNERS[1]));
    }
}
