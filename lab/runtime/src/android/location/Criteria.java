// Host-lab stand-in for android.location.Criteria: what getBestProvider is asked for.
package android.location;

public class Criteria {
    public static final int ACCURACY_FINE = 1;
    public static final int ACCURACY_COARSE = 2;

    private int accuracy = ACCURACY_COARSE;

    public void setAccuracy(int accuracy) {
        this.accuracy = accuracy;
    }

    public int getAccuracy() {
        return accuracy;
    }
}
