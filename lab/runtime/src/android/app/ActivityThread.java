// Host-lab stand-in for android.app.ActivityThread: currentPackageName(), which hook agents
// use to tell the app's own package from another app's (the lab process hosts one app), and
// currentContext() (lab only, like ActivityThread.currentApplication()), for static APIs such
// as Build.getSerial() that check the app's permissions. Both come from the first ContextImpl
// the launcher creates, at run time.
package android.app;

import android.content.Context;

public final class ActivityThread {
    private static volatile Context context;

    private ActivityThread() {}

    public static String currentPackageName() {
        Context bound = context;
        return bound == null ? null : bound.getPackageName();
    }

    /** The app's context, or null before the launcher made one. */
    public static Context currentContext() {
        return context;
    }

    static synchronized void bind(Context first) {
        if (context == null) {
            context = first;
        }
    }
}
