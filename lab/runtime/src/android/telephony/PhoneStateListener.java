// Host-lab stand-in for android.telephony.PhoneStateListener (TelephonyManager.listen).
package android.telephony;

public class PhoneStateListener {
    public static final int LISTEN_NONE = 0;
    public static final int LISTEN_CELL_LOCATION = 0x10;
    public static final int LISTEN_CALL_STATE = 0x20;

    public void onCellLocationChanged(CellLocation location) {}

    public void onCallStateChanged(int state, String phoneNumber) {}
}
