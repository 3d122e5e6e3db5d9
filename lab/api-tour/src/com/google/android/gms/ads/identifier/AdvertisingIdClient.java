// Host-lab stand-in for Google Play services' AdvertisingIdClient (the GAID), kept in this
// app's sources because lab/traffic-tour ships its own copy and one javac run cannot hold
// both. An SDK class the app ships: hooked when the app's class loader defines it.
package com.google.android.gms.ads.identifier;

import android.content.Context;
import harness.lab.LabIdentifiers;

public final class AdvertisingIdClient {
    private AdvertisingIdClient() {}

    public static Info getAdvertisingIdInfo(Context context) {
        return new Info(LabIdentifiers.get("advertising_id"));
    }

    public static final class Info {
        private final String id;

        public Info(String id) {
            this.id = id;
        }

        public String getId() {
            return id;
        }

        public boolean isLimitAdTrackingEnabled() {
            return false;
        }
    }
}
