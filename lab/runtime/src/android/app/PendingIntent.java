// Host-lab stand-in for android.app.PendingIntent: an opaque token (SMS callbacks, services).
package android.app;

public final class PendingIntent {
    private final String tag;

    public PendingIntent(String tag) {
        this.tag = tag;
    }

    @Override
    public String toString() {
        return "PendingIntent{" + tag + "}";
    }
}
