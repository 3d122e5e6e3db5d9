// Host-lab stand-in for android.telephony.TelephonyManager (same names and signatures as
// Android, so the hook catalog hooks it unchanged). Returns the host-lab device's identifiers
// (harness.lab.LabIdentifiers); one SIM slot: slot 0 answers, other slots return null.
package android.telephony;

import android.content.Context;
import harness.lab.LabIdentifiers;

public class TelephonyManager {
    private final Context context;

    public TelephonyManager(Context context) {
        this.context = context;
    }

    public String getDeviceId() {
        return LabIdentifiers.get("device_id");
    }

    public String getDeviceId(int slotIndex) {
        return slotIndex == 0 ? LabIdentifiers.get("device_id") : null;
    }

    public String getImei() {
        return LabIdentifiers.get("device_id");
    }

    public String getImei(int slotIndex) {
        return slotIndex == 0 ? LabIdentifiers.get("device_id") : null;
    }

    public String getSubscriberId() {
        return LabIdentifiers.get("imsi");
    }

    public String getLine1Number() {
        return LabIdentifiers.get("phone_number");
    }

    public String getSimSerialNumber() {
        return LabIdentifiers.get("sim_serial");
    }

    @Override
    public String toString() {
        return "TelephonyManager{" + context.getPackageName() + "}";
    }
}
