// Host-lab stand-in for Xiaomi's system OAID provider com.android.id.impl.IdProviderImpl
// (apps create it by reflection): the OAID is the host-lab device's advertising_id; UDID,
// VAID and AAID are fixed lab values.
package com.android.id.impl;

import android.content.Context;
import harness.lab.LabIdentifiers;

public class IdProviderImpl {
    public String getUDID(Context context) {
        return "lab-udid-0001";
    }

    public String getOAID(Context context) {
        return LabIdentifiers.get("advertising_id");
    }

    public String getVAID(Context context) {
        return "lab-vaid-" + context.getPackageName();
    }

    public String getAAID(Context context) {
        return "lab-aaid-" + context.getPackageName();
    }
}
