// Host-lab stand-in for android.telephony.CellLocation: the abstract base of GSM/CDMA cells.
package android.telephony;

public abstract class CellLocation {}
