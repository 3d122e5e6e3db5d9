// Host-lab stand-in for android.app.ActivityThread: only currentPackageName(), which hook
// agents use to tell the app's own package from another app's (the lab process hosts one app).
// The package is the one of the first ContextImpl the launcher creates, set at run time.
package android.app;

public final class ActivityThread {
    private static volatile String packageName;

    private ActivityThread() {}

    public static String currentPackageName() {
        return packageName;
    }

    static void bind(String name) {
        if (packageName == null) {
            packageName = name;
        }
    }
}
