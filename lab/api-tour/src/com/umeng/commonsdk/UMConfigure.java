// API-tour lab app: a stand-in for the Umeng analytics SDK's entry point (Umeng's package
// name, so the harness's SDK database attributes it). init() starts the SDK's own worker
// thread, "umeng-sdk", which fingerprints the device (internal.DeviceCollector) and sends
// nothing; `done` runs on that thread when it has finished.
package com.umeng.commonsdk;

import android.content.Context;
import com.umeng.commonsdk.internal.DeviceCollector;

public final class UMConfigure {
    private UMConfigure() {}

    public static Thread init(Context context, String appkey, Runnable done) {
        Thread worker = new Thread(() -> {
            DeviceCollector.collectAll(context);
            done.run();
        }, "umeng-sdk");
        worker.start();
        return worker;
    }
}
