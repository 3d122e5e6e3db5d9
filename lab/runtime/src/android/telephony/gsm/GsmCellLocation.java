// Host-lab stand-in for android.telephony.gsm.GsmCellLocation: the lab's cell, from the
// host-lab device's cell_location identifier ("lac,cid").
package android.telephony.gsm;

import android.telephony.CellLocation;
import harness.lab.LabIdentifiers;

public class GsmCellLocation extends CellLocation {
    private final int lac;
    private final int cid;

    public GsmCellLocation(int lac, int cid) {
        this.lac = lac;
        this.cid = cid;
    }

    /** Lab runtime only: the current cell. */
    public static GsmCellLocation current() {
        String[] parts = LabIdentifiers.get("cell_location").split(",");
        return new GsmCellLocation(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
    }

    public int getLac() {
        return lac;
    }

    public int getCid() {
        return cid;
    }

    @Override
    public String toString() {
        return "[" + lac + "," + cid + ",-1]";
    }
}
