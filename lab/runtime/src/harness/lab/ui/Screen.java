// Host-lab UI: what one window shows (a named tree of nodes of one package), and what BACK
// does on it: null means "not handled", and the runtime then sends the app to the background
// as Android 12+ does for a root activity.
package harness.lab.ui;

public record Screen(String name, String packageName, Node root, Runnable onBack) {
    public static Screen of(String name, String packageName, Node root) {
        return new Screen(name, packageName, root, null);
    }

    public Screen withOnBack(Runnable handler) {
        return new Screen(name, packageName, root, handler);
    }
}
