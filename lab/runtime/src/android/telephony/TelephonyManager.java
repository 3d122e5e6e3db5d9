// Host-lab stand-in for android.telephony.TelephonyManager (same names and signatures as
// Android, so the hook catalog hooks it unchanged). Returns the host-lab device's identifiers
// (harness.lab.LabIdentifiers); one SIM, in slot 0 (subscription 1): other slots and
// subscriptions return null. The phone is GSM: getMeid() is null. The operator (MCC+MNC) is
// the IMSI's first five digits; the cell is the cell_location identifier ("lac,cid").
// As on Android (harness.lab.LabPlatform): the overloads delegate as in AOSP (getImei() ->
// getImei(getSlotIndex()), getSubscriberId() -> getSubscriberId(getSubId()), ...), device
// identifiers need privilege on Android 10+ (SecurityException, or null for an old target),
// READ_PHONE_STATE before that, and cell locations ACCESS_FINE_LOCATION; denied: SecurityException.
package android.telephony;

import android.content.Context;
import android.telephony.gsm.GsmCellLocation;
import harness.lab.LabIdentifiers;
import harness.lab.LabPlatform;
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

    /** The SIM slot and subscription this manager answers for (one SIM, in slot 0). */
    private static final int SLOT_INDEX = 0;
    private static final int SUB_ID = 1;
    private static final String READ_PHONE_STATE = "android.permission.READ_PHONE_STATE";
    private static final String FINE_LOCATION = "android.permission.ACCESS_FINE_LOCATION";

    public int getSlotIndex() {
        return SLOT_INDEX;
    }

    /** Hidden on Android: the subscription of this manager (the default one). */
    public int getSubId() {
        return SUB_ID;
    }

    private String identifier(String api, String category, boolean present) {
        // Checked first, as the phone process does, even for an empty slot.
        return LabPlatform.deviceIdentifier(context, api, present ? LabIdentifiers.get(category) : null, null);
    }

    // getDeviceId() and getDeviceId(int) each ask the phone service directly (no chain).
    public String getDeviceId() {
        return identifier("getDeviceId", "device_id", true);
    }

    public String getDeviceId(int slotIndex) {
        return identifier("getDeviceIdForPhone", "device_id", slotIndex == SLOT_INDEX);
    }

    // As in AOSP: getImei() is getImei(getSlotIndex()), getMeid() is getMeid(getSlotIndex()).
    public String getImei() {
        return getImei(getSlotIndex());
    }

    public String getImei(int slotIndex) {
        return identifier("getImeiForSlot", "device_id", slotIndex == SLOT_INDEX);
    }

    public String getMeid() {
        return getMeid(getSlotIndex());
    }

    /** The phone is GSM: no MEID, once the caller may ask. */
    public String getMeid(int slotIndex) {
        LabPlatform.deviceIdentifier(context, "getMeidForSlot", null, null);
        return null;
    }

    public String getDeviceSoftwareVersion() {
        LabPlatform.enforceAny(context, "getDeviceSoftwareVersion", READ_PHONE_STATE);
        return "01";
    }

    // As in AOSP: the no-argument forms call the hidden by-subscription forms with getSubId().
    public String getSubscriberId() {
        return getSubscriberId(getSubId());
    }

    /** Hidden on Android (by subscription id). */
    public String getSubscriberId(int subId) {
        return identifier("getSubscriberIdForSubscriber", "imsi", subId == SUB_ID);
    }

    public String getLine1Number() {
        return getLine1Number(getSubId());
    }

    /** Hidden on Android (by subscription id). Not a device identifier: a phone permission. */
    public String getLine1Number(int subId) {
        LabPlatform.enforceAny(context, "getLine1NumberForDisplay", READ_PHONE_STATE,
                "android.permission.READ_SMS", "android.permission.READ_PHONE_NUMBERS");
        return subId == SUB_ID ? LabIdentifiers.get("phone_number") : null;
    }

    public String getSimSerialNumber() {
        return getSimSerialNumber(getSubId());
    }

    /** Hidden on Android (by subscription id). */
    public String getSimSerialNumber(int subId) {
        return identifier("getIccSerialNumberForSubscriber", "sim_serial", subId == SUB_ID);
    }

    public int getPhoneType() {
        return PHONE_TYPE_GSM;
    }

    public CellLocation getCellLocation() {
        LabPlatform.enforceAny(context, "getCellLocation", FINE_LOCATION);
        return GsmCellLocation.current();
    }

    public List<CellInfo> getAllCellInfo() {
        LabPlatform.enforceAny(context, "getAllCellInfo", FINE_LOCATION);
        return List.of(CellInfo.current());
    }

    public void requestCellInfoUpdate(Executor executor, CellInfoCallback callback) {
        LabPlatform.enforceAny(context, "requestCellInfoUpdate", FINE_LOCATION);
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
