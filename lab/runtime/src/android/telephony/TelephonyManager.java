// Host-lab stand-in for android.telephony.TelephonyManager (same names and signatures as
// Android, so the hook catalog hooks it unchanged). Returns the host-lab device's identifiers
// (harness.lab.LabIdentifiers); one SIM slot: slot 0 answers, other slots return null. The
// phone is GSM: getMeid() is null. The operator (MCC+MNC) is the IMSI's first five digits;
// the cell is the cell_location identifier ("lac,cid").
package android.telephony;

import android.content.Context;
import android.telephony.gsm.GsmCellLocation;
import harness.lab.LabIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

public class TelephonyManager {
    public static final int PHONE_TYPE_GSM = 1;

    /** Answers requestCellInfoUpdate (API 29). */
    public abstract static class CellInfoCallback {
        public abstract void onCellInfo(List<CellInfo> cellInfo);
    }

    private final Context context;
    private final List<PhoneStateListener> listeners = new ArrayList<>();

    public TelephonyManager(Context context) {
        this.context = context;
    }

    private static String slot0(int slotIndex, String category) {
        return slotIndex == 0 ? LabIdentifiers.get(category) : null;
    }

    public String getDeviceId() {
        return LabIdentifiers.get("device_id");
    }

    public String getDeviceId(int slotIndex) {
        return slot0(slotIndex, "device_id");
    }

    public String getImei() {
        return LabIdentifiers.get("device_id");
    }

    public String getImei(int slotIndex) {
        return slot0(slotIndex, "device_id");
    }

    public String getMeid() {
        return null;
    }

    public String getMeid(int slotIndex) {
        return null;
    }

    public String getDeviceSoftwareVersion() {
        return "01";
    }

    public String getSubscriberId() {
        return LabIdentifiers.get("imsi");
    }

    /** Hidden on Android (by subscription id). */
    public String getSubscriberId(int subId) {
        return slot0(subId, "imsi");
    }

    public String getLine1Number() {
        return LabIdentifiers.get("phone_number");
    }

    /** Hidden on Android (by subscription id). */
    public String getLine1Number(int subId) {
        return slot0(subId, "phone_number");
    }

    public String getSimSerialNumber() {
        return LabIdentifiers.get("sim_serial");
    }

    /** Hidden on Android (by subscription id). */
    public String getSimSerialNumber(int subId) {
        return slot0(subId, "sim_serial");
    }

    public int getPhoneType() {
        return PHONE_TYPE_GSM;
    }

    public CellLocation getCellLocation() {
        return GsmCellLocation.current();
    }

    public List<CellInfo> getAllCellInfo() {
        return List.of(CellInfo.current());
    }

    public void requestCellInfoUpdate(Executor executor, CellInfoCallback callback) {
        executor.execute(() -> callback.onCellInfo(List.of(CellInfo.current())));
    }

    /** Registers the listener; the lab's cell never changes, so it is never called. */
    public void listen(PhoneStateListener listener, int events) {
        synchronized (listeners) {
            listeners.remove(listener);
            if (events != PhoneStateListener.LISTEN_NONE) {
                listeners.add(listener);
            }
        }
    }

    public List<UiccCardInfo> getUiccCardsInfo() {
        return List.of(new UiccCardInfo());
    }

    public String getSimOperator() {
        return LabIdentifiers.get("imsi").substring(0, 5);
    }

    public String getNetworkOperator() {
        return LabIdentifiers.get("imsi").substring(0, 5);
    }

    public String getSimOperatorName() {
        return "CMCC";
    }

    public String getNetworkOperatorName() {
        return "中国移动";
    }

    public String getSimCountryIso() {
        return "cn";
    }

    public String getNetworkCountryIso() {
        return "cn";
    }

    public ServiceState getServiceState() {
        return new ServiceState();
    }

    @Override
    public String toString() {
        return "TelephonyManager{" + context.getPackageName() + "}";
    }
}
