// Host-lab stand-in for android.app.Application: the app's process-wide context, whose
// onCreate() runs on the main thread before any screen is shown (where pre-consent reads live).
package android.app;

import android.content.ContextWrapper;

public class Application extends ContextWrapper {
    public Application() {
        super(null);
    }

    public void onCreate() {}
}
