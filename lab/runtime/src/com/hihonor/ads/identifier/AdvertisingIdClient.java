// Host-lab stand-in for Honor's com.hihonor.ads.identifier.AdvertisingIdClient (an SDK
// the app ships): the OAID is the host-lab device's advertising_id identifier.
package com.hihonor.ads.identifier;

import android.content.Context;
import harness.lab.LabIdentifiers;

public final class AdvertisingIdClient {
    private AdvertisingIdClient() {}

    public static Info getAdvertisingIdInfo(Context context) {
        return new Info(LabIdentifiers.get("advertising_id"));
    }

    public static final class Info {
        private final String id;

        Info(String id) {
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
