// Host-lab stand-in for android.telephony.cdma.CdmaCellLocation: a CDMA cell built by the app
// (the lab phone is GSM), with the getters apps read.
package android.telephony.cdma;

import android.telephony.CellLocation;

public class CdmaCellLocation extends CellLocation {
    private final int baseStationId;
    private final int networkId;

    public CdmaCellLocation(int baseStationId, int networkId) {
        this.baseStationId = baseStationId;
        this.networkId = networkId;
    }

    public int getBaseStationId() {
        return baseStationId;
    }

    public int getNetworkId() {
        return networkId;
    }

    @Override
    public String toString() {
        return "[" + baseStationId + ",,," + networkId + "]";
    }
}
