// Host-lab stand-in for the MSA OAID SDK's vendor supplier: the OAID is the host-lab device's
// advertising_id identifier.
package com.bun.miitmdid.supplier;

import com.bun.miitmdid.interfaces.IdSupplier;
import harness.lab.LabIdentifiers;

public final class DefaultSupplier implements IdSupplier {
    private final String packageName;

    public DefaultSupplier(String packageName) {
        this.packageName = packageName;
    }

    @Override
    public boolean isSupported() {
        return true;
    }

    @Override
    public String getOAID() {
        return LabIdentifiers.get("advertising_id");
    }

    @Override
    public String getVAID() {
        return "lab-vaid-" + packageName;
    }

    @Override
    public String getAAID() {
        return "lab-aaid-" + packageName;
    }
}
