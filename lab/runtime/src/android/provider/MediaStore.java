// Host-lab stand-in for android.provider.MediaStore with Images.Media (MediaStore$Images$Media):
// the static query helper goes through ContentResolver.query, as on Android.
package android.provider;

import android.content.ContentResolver;
import android.database.Cursor;
import android.net.Uri;

public final class MediaStore {
    public static final String AUTHORITY = "media";

    private MediaStore() {}

    public static final class Images {
        private Images() {}

        public static final class Media {
            public static final Uri EXTERNAL_CONTENT_URI = Uri.parse("content://media/external/images/media");

            private Media() {}

            public static Cursor query(ContentResolver resolver, Uri uri, String[] projection) {
                return resolver.query(uri, projection, null, null, null);
            }
        }
    }
}
