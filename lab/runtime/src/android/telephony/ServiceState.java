// Host-lab stand-in for android.telephony.ServiceState: in service on the lab's operator.
package android.telephony;

public class ServiceState {
    public static final int STATE_IN_SERVICE = 0;

    public int getState() {
        return STATE_IN_SERVICE;
    }

    public String getOperatorAlphaLong() {
        return "中国移动";
    }

    @Override
    public String toString() {
        return "ServiceState{IN_SERVICE 中国移动}";
    }
}
