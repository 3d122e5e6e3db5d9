// Host-lab stand-in for OPPO/OnePlus/realme's com.heytap.openid.IOpenID with its client-side
// IOpenID$Stub$Proxy: getSerID(package, signature, "OUID") is the OAID (the advertising_id).
package com.heytap.openid;

import harness.lab.LabIdentifiers;

public interface IOpenID {
    String getSerID(String packageName, String signature, String type);

    abstract class Stub implements IOpenID {
        public static IOpenID asInterface(Object binder) {
            return new Proxy();
        }

        static class Proxy implements IOpenID {
            @Override
            public String getSerID(String packageName, String signature, String type) {
                return "OUID".equals(type) ? LabIdentifiers.get("advertising_id") : "lab-" + type.toLowerCase();
            }
        }
    }
}
