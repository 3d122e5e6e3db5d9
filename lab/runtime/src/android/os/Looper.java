// Host-lab stand-in for android.os.Looper: a token (location and camera callbacks take one).
package android.os;

public final class Looper {
    private static final Looper MAIN = new Looper();

    private Looper() {}

    public static Looper getMainLooper() {
        return MAIN;
    }
}
