// Host-lab stand-in for android.os.ParcelFileDescriptor: wraps nothing; what
// ContentResolver.openFileDescriptor returns for the lab's media.
package android.os;

import java.io.Closeable;

public final class ParcelFileDescriptor implements Closeable {
    private final String uri;

    public ParcelFileDescriptor(String uri) {
        this.uri = uri;
    }

    public long getStatSize() {
        return 0;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "ParcelFileDescriptor{" + uri + "}";
    }
}
