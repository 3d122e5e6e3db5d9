// Host-lab UI: the app's window on the lab phone: the screen the app shows, whether the app is
// in the foreground, and the launcher shown when it is not. Confined to the main thread (the
// UI server posts every operation there), like Android's view system, so it needs no locks.
package harness.lab.ui;

public final class Window {
    /** Called on the main thread when the app leaves or regains the foreground. */
    public interface Lifecycle {
        void onBackground();

        void onForeground();
    }

    private final String packageName;
    private final String label;
    private Screen screen;
    private boolean foreground = true;
    private Lifecycle lifecycle;

    public Window(String packageName, String label) {
        this.packageName = packageName;
        this.label = label;
        // Until the app shows its first screen: an empty window, as during a cold start.
        this.screen = Screen.of("starting", packageName, Node.of(Node.FRAME_LAYOUT));
    }

    public String packageName() {
        return packageName;
    }

    public void setLifecycle(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Replaces the app's screen (what the next dump shows, if the app is in the foreground). */
    public void show(Screen next) {
        screen = next;
    }

    public Screen current() {
        return screen;
    }

    public boolean isForeground() {
        return foreground;
    }

    /** What the phone shows now: the app's screen, or the launcher when the app is hidden. */
    public Screen visible() {
        return foreground ? screen : LauncherScreen.of(label, this::toForeground);
    }

    public void back() {
        if (!foreground) {
            return; // BACK on the launcher's home page does nothing
        }
        if (screen.onBack() != null) {
            screen.onBack().run();
        } else {
            toBackground();
        }
    }

    public void toBackground() {
        if (foreground) {
            foreground = false;
            if (lifecycle != null) {
                lifecycle.onBackground();
            }
        }
    }

    public void toForeground() {
        if (!foreground) {
            foreground = true;
            if (lifecycle != null) {
                lifecycle.onForeground();
            }
        }
    }
}
