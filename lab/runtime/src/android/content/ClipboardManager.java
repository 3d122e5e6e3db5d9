// Host-lab stand-in for android.content.ClipboardManager. The clipboard starts with the
// host-lab device's clipboard identifier; setPrimaryClip replaces it for this process.
// getText() (the legacy reader) goes through getPrimaryClip(), as on Android.
package android.content;

import harness.lab.LabIdentifiers;

public class ClipboardManager {
    private final Context context;
    private ClipData clip;

    public ClipboardManager(Context context) {
        this.context = context;
    }

    public synchronized ClipData getPrimaryClip() {
        if (clip == null) {
            clip = ClipData.newPlainText("text", LabIdentifiers.get("clipboard"));
        }
        return clip;
    }

    public synchronized void setPrimaryClip(ClipData clip) {
        this.clip = clip;
    }

    public boolean hasPrimaryClip() {
        return true;
    }

    public ClipDescription getPrimaryClipDescription() {
        return new ClipDescription("text");
    }

    /** Deprecated since API 11, still used: the first item's text. */
    public synchronized CharSequence getText() {
        return getPrimaryClip().getItemAt(0).getText();
    }

    @Override
    public String toString() {
        return "ClipboardManager{" + context.getPackageName() + "}";
    }
}
