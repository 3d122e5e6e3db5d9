// Host-lab stand-in for Google Play services' com.google.android.gms.ads.identifier
// .AdvertisingIdClient (an SDK the app ships, like the Huawei and Honor ones beside it): the
// advertising id (GAID) is the host-lab device's advertising_id identifier. Catalog entries of
// scope sdk are hooked when a class loader defines the class, wherever its source lives.
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
