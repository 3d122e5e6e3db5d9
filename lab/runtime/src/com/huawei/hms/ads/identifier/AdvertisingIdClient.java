// Host-lab stand-in for Huawei HMS's com.huawei.hms.ads.identifier.AdvertisingIdClient (an SDK
// the app ships): the OAID is the host-lab device's advertising_id identifier.
// With ad tracking limited (harness.lab.limit_ad_tracking) the id is all zeros, as Android 12+ gives.
package com.huawei.hms.ads.identifier;

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
