// Host-lab stand-in for android.database.ContentObserver (the lab never notifies it).
package android.database;

import android.os.Handler;

public abstract class ContentObserver {
    protected ContentObserver(Handler handler) {}

    public void onChange(boolean selfChange) {}
}
