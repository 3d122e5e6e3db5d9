// Host-lab stand-in for Google Play services' com.google.android.gms.ads.identifier
// .AdvertisingIdClient (an SDK the app ships, like the Huawei and Honor ones beside it): the
// advertising id (GAID) is the host-lab device's advertising_id identifier. Catalog entries of
// scope sdk are hooked when a class loader defines the class, wherever its source lives.
// With ad tracking limited (harness.lab.limit_ad_tracking) the id is all zeros, as Android 12+ gives.
package com.google.android.gms.ads.identifier;

import android.content.Context;
import harness.lab.LabIdentifiers;
import harness.lab.LabPlatform;

public final class AdvertisingIdClient {
    private AdvertisingIdClient() {}

    public static Info getAdvertisingIdInfo(Context context) {
        // A user who opted out of ad personalisation gets zeros and the limit flag.
        boolean limited = LabPlatform.adTrackingLimited();
        return new Info(limited ? LabPlatform.ZERO_AD_ID : LabIdentifiers.get("advertising_id"), limited);
    }

    public static final class Info {
        private final String id;
        private final boolean limited;

        Info(String id, boolean limited) {
            this.id = id;
            this.limited = limited;
        }

        public String getId() {
            return id;
        }

        public boolean isLimitAdTrackingEnabled() {
            return limited;
        }
    }
}
