// Host-lab runtime: the base class of a lab app. It is an android.app.Application (so
// onCreate() is the app's startup, run on the main thread) with the lab's window to show
// screens in, lifecycle callbacks for the app leaving and regaining the foreground, and the
// activities it starts (which ask for runtime permissions through the lab's permission
// controller).
package harness.lab;

import android.app.Activity;
import android.app.Application;
import android.content.Context;
import harness.lab.ui.Window;
import java.util.function.IntConsumer;

public abstract class LabApplication extends Application implements Window.Lifecycle {
    private Window window;
    private IntConsumer exit;
    private PermissionHost permissions;

    final void attachRuntime(Context base, Window window, IntConsumer exit, PermissionHost permissions) {
        attachBaseContext(base);
        this.window = window;
        this.exit = exit;
        this.permissions = permissions;
        window.setLifecycle(this);
    }

    /** The window this app shows its screens in (main thread only). */
    protected final Window window() {
        return window;
    }

    /**
     * Attaches an activity to the app's context and the lab's permission controller, as
     * Android's ActivityThread does when it starts one; returns it.
     */
    protected final <T extends Activity> T attachActivity(T activity) {
        activity.attachLab(getBaseContext(), permissions);
        return activity;
    }

    /** Ends the app process with status 0, as an app's own "exit" button does. */
    protected final void finish() {
        exit.accept(0);
    }

    /**
     * Restarts the app: a new main process of the same package starts (hooked again by the
     * harness) and this one ends with status 0, as an app applying a hot fix does.
     */
    protected final void restartProcess() {
        try {
            LabProcesses.startMain(getPackageName());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot restart the app", e);
        }
        exit.accept(0);
    }

    @Override
    public void onBackground() {}

    @Override
    public void onForeground() {}
}
