// Host-lab runtime: the base class of a lab app's service that runs in a process of its own
// (Android's <service android:process=":push">). ServiceLauncher creates it in the new JVM
// and runs onCreate() on that process's main thread; the process then stays up, as a push
// service's does.
package harness.lab;

import android.content.Context;

public abstract class LabService {
    private Context context;

    final void attach(Context base) {
        this.context = base;
    }

    /** The service's context (its package's, in this process). */
    protected final Context getBaseContext() {
        return context;
    }

    /** Runs once, on the process's main thread, when the process has started. */
    public abstract void onCreate();
}
