// Host-lab stand-in for android.telephony.CellInfo: one registered GSM cell.
package android.telephony;

import android.telephony.gsm.GsmCellLocation;

public class CellInfo {
    private final GsmCellLocation cell;

    private CellInfo(GsmCellLocation cell) {
        this.cell = cell;
    }

    static CellInfo current() {
        return new CellInfo(GsmCellLocation.current());
    }

    public boolean isRegistered() {
        return true;
    }

    @Override
    public String toString() {
        return "CellInfoGsm{registered " + cell + "}";
    }
}
