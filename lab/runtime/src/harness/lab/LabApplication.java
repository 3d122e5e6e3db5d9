// Host-lab runtime: the base class of a lab app. It is an android.app.Application (so
// onCreate() is the app's startup, run on the main thread) with the lab's window to show
// screens in, and lifecycle callbacks for the app leaving and regaining the foreground.
package harness.lab;

import android.app.Application;
import android.content.Context;
import harness.lab.ui.Window;
import java.util.function.IntConsumer;

public abstract class LabApplication extends Application implements Window.Lifecycle {
    private Window window;
    private IntConsumer exit;

    final void attachRuntime(Context base, Window window, IntConsumer exit) {
        attachBaseContext(base);
        this.window = window;
        this.exit = exit;
        window.setLifecycle(this);
    }

    /** The window this app shows its screens in (main thread only). */
    protected final Window window() {
        return window;
    }

    /** Ends the app process with status 0, as an app's own "exit" button does. */
    protected final void finish() {
        exit.accept(0);
    }

    @Override
    public void onBackground() {}

    @Override
    public void onForeground() {}
}
