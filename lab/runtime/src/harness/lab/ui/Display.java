// Host-lab UI: the lab phone's screen (a common 1080x2340 portrait phone).
package harness.lab.ui;

public final class Display {
    public static final int WIDTH = 1080;
    public static final int HEIGHT = 2340;

    private Display() {}
}
