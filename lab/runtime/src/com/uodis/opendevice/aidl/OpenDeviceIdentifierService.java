// Host-lab stand-in for Huawei's OAID binder interface with its client-side
// OpenDeviceIdentifierService$Stub$Proxy. No binder on the lab: the proxy answers directly.
package com.uodis.opendevice.aidl;

import harness.lab.LabIdentifiers;

public interface OpenDeviceIdentifierService {
    String getOaid();

    boolean isOaidTrackLimited();

    abstract class Stub implements OpenDeviceIdentifierService {
        public static OpenDeviceIdentifierService asInterface(Object binder) {
            return new Proxy();
        }

        static class Proxy implements OpenDeviceIdentifierService {
            @Override
            public String getOaid() {
                return LabIdentifiers.get("advertising_id");
            }

            @Override
            public boolean isOaidTrackLimited() {
                return false;
            }
        }
    }
}
