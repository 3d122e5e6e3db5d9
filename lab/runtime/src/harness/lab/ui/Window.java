// Host-lab UI: the app's window on the lab phone: the screen the app shows, a system dialog
// over it (the runtime-permission dialog, in the permission controller's package), whether
// the app is in the foreground, the launcher shown when it is not, and which text field has
// focus. Confined to the main thread (the UI server posts every operation there), like
// Android's view system, so it needs no locks.
package harness.lab.ui;

import java.util.ArrayList;
import java.util.List;

public final class Window {
    /** Called on the main thread when the app leaves or regains the foreground. */
    public interface Lifecycle {
        void onBackground();

        void onForeground();
    }

    /** One window on the glass: its screen and where its nodes are now. */
    public record Shown(Screen screen, Layout.Placed placed) {}

    private final String packageName;
    private final String label;
    private Screen screen;
    private Screen systemDialog;
    private Node focused;
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
        focus(null);
    }

    public Screen current() {
        return screen;
    }

    /** Shows a system dialog over the app (modal: it takes every touch and key). */
    public void showSystemDialog(Screen dialog) {
        systemDialog = dialog;
        focus(null);
    }

    public void dismissSystemDialog() {
        systemDialog = null;
    }

    public Screen systemDialog() {
        return systemDialog;
    }

    public boolean isForeground() {
        return foreground;
    }

    /** What the phone shows now: the app's screen, or the launcher when the app is hidden. */
    public Screen visible() {
        return foreground ? screen : LauncherScreen.of(label, this::toForeground);
    }

    /** Every window on the glass, bottom first: the app (or launcher), then a system dialog. */
    public List<Shown> shown() {
        List<Shown> windows = new ArrayList<>();
        Screen base = visible();
        windows.add(new Shown(base, Layout.place(base.root())));
        if (foreground && systemDialog != null) {
            windows.add(new Shown(systemDialog, Layout.place(systemDialog.root())));
        }
        return windows;
    }

    /** The window that gets touches: the topmost one (a dialog is modal). */
    public Shown top() {
        List<Shown> windows = shown();
        return windows.get(windows.size() - 1);
    }

    /** The node a tap at (x, y) reaches, or null; a tap on a text field focuses it. */
    public Node tapTarget(int x, int y, boolean longClick) {
        Node hit = top().placed().hit(x, y, longClick);
        if (hit != null && hit.isEditText() && hit.enabled() && !longClick) {
            focus(hit);
        }
        return hit;
    }

    /** The focused text field, or null. */
    public Node focused() {
        return focused;
    }

    private void focus(Node node) {
        if (focused != null) {
            focused.setFocused(false);
        }
        focused = node;
        if (node != null) {
            node.setFocused(true);
        }
    }

    /** A vertical swipe from (x, y) by dy scrolls the container under the finger. */
    public int scroll(int x, int y, int dy) {
        Node container = top().placed().scrollableAt(x, y);
        return container == null ? 0 : container.scrollBy(dy);
    }

    public void back() {
        if (!foreground) {
            return; // BACK on the launcher's home page does nothing
        }
        if (systemDialog != null) {
            if (systemDialog.onBack() != null) {
                systemDialog.onBack().run();
            }
            return;
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
            if (focused != null) {
                focus(null); // the IME closes with the app
            }
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
