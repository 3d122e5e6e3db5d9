// Host-lab stand-in for android.content.ContentResolver. Today it only identifies the caller
// to android.provider.Settings; query(Uri, ...) comes with the full privacy-API catalog.
package android.content;

public class ContentResolver {
    private final Context context;

    public ContentResolver(Context context) {
        this.context = context;
    }

    /** The package that owns this resolver (public on the lab only, for the lab's providers). */
    public String getPackageName() {
        return context.getPackageName();
    }
}
