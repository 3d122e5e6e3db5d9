// Host-lab stand-in for android.telephony.UiccCardInfo (API 29): the SIM card's ICCID is the
// host-lab device's sim_serial identifier.
package android.telephony;

import harness.lab.LabIdentifiers;

public final class UiccCardInfo {
    public String getIccId() {
        return LabIdentifiers.get("sim_serial");
    }

    public int getSlotIndex() {
        return 0;
    }
}
