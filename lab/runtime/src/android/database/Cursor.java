// Host-lab stand-in for android.database.Cursor: the few methods lab apps use.
package android.database;

import java.io.Closeable;

public interface Cursor extends Closeable {
    int getCount();

    boolean moveToNext();

    String getString(int column);

    @Override
    void close();
}
