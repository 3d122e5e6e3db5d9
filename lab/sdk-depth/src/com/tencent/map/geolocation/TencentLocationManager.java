// sdk-depth lab app: a stand-in for the Tencent Location SDK's public class. Like the real SDK,
// the work happens in its obfuscated core (package c.t.m.g); this class only delegates.
package com.tencent.map.geolocation;

import android.content.Context;
import c.t.m.g.a;

public final class TencentLocationManager {
    private final Context context;

    private TencentLocationManager(Context context) {
        this.context = context;
    }

    public static TencentLocationManager getInstance(Context context) {
        return new TencentLocationManager(context);
    }

    public int requestSingleFreshLocation() {
        return a.b(context) == null ? 1 : 0;
    }
}
