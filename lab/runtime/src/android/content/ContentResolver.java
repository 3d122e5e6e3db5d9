// Host-lab stand-in for android.content.ContentResolver: the lab phone's content providers.
// query() answers a few rows per known authority (contacts, call_log, sms, calendar, media,
// and vivo's OAID provider, whose row is the host-lab device's advertising_id), and an empty
// cursor for any other authority. The query overloads delegate to each other as on Android.
// getPackageName() identifies the caller to android.provider.Settings. Reading contacts,
// the call log, SMS or the calendar needs the provider's permission (harness.lab.LabPlatform),
// else SecurityException, as on Android.
package android.content;

import android.database.ContentObserver;
import android.database.Cursor;
import android.database.MatrixCursor;
import android.net.Uri;
import android.os.Bundle;
import android.os.CancellationSignal;
import android.os.ParcelFileDescriptor;
import harness.lab.LabIdentifiers;
import harness.lab.LabPlatform;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public class ContentResolver {
    private final Context context;
    private final List<ContentObserver> observers = new ArrayList<>();

    public ContentResolver(Context context) {
        this.context = context;
    }

    /** The package that owns this resolver (public on the lab only, for the lab's providers). */
    public String getPackageName() {
        return context.getPackageName();
    }

    public final Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs,
            String sortOrder) {
        return query(uri, projection, selection, selectionArgs, sortOrder, null);
    }

    public final Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs,
            String sortOrder, CancellationSignal cancellationSignal) {
        Bundle args = new Bundle();
        args.putString("android:query-arg-sql-selection", selection);
        args.putString("android:query-arg-sql-sort-order", sortOrder);
        return query(uri, projection, args, cancellationSignal);
    }

    public final Cursor query(Uri uri, String[] projection, Bundle queryArgs,
            CancellationSignal cancellationSignal) {
        enforceRead(uri);
        return rowsFor(uri);
    }

    /** The provider's read permission, as its manifest declares it on Android. */
    private void enforceRead(Uri uri) {
        String permission = switch (uri.getAuthority() == null ? "" : uri.getAuthority()) {
            case "com.android.contacts", "contacts", "icc" -> "android.permission.READ_CONTACTS";
            case "call_log" -> "android.permission.READ_CALL_LOG";
            case "sms", "mms", "mms-sms" -> "android.permission.READ_SMS";
            case "com.android.calendar" -> "android.permission.READ_CALENDAR";
            default -> null;
        };
        if (permission != null) {
            LabPlatform.enforceAny(context, "query " + uri, permission);
        }
    }

    public final void registerContentObserver(Uri uri, boolean notifyForDescendants, ContentObserver observer) {
        synchronized (observers) {
            observers.add(observer);
        }
    }

    public final Uri insert(Uri url, ContentValues values) {
        return Uri.parse(url + "/1");
    }

    public final int delete(Uri url, String where, String[] selectionArgs) {
        return 0;
    }

    public final InputStream openInputStream(Uri uri) throws FileNotFoundException {
        if (!"media".equals(uri.getAuthority())) {
            throw new FileNotFoundException("No content provider: " + uri);
        }
        return new ByteArrayInputStream("\u00ff\u00d8lab-photo".getBytes(StandardCharsets.ISO_8859_1));
    }

    public final ParcelFileDescriptor openFileDescriptor(Uri uri, String mode) throws FileNotFoundException {
        if (!"media".equals(uri.getAuthority())) {
            throw new FileNotFoundException("No content provider: " + uri);
        }
        return new ParcelFileDescriptor(uri.toString());
    }

    private static Cursor rowsFor(Uri uri) {
        String authority = uri.getAuthority() == null ? "" : uri.getAuthority();
        MatrixCursor cursor;
        switch (authority) {
            case "com.android.contacts":
                cursor = new MatrixCursor(new String[] {"display_name", "data1"});
                cursor.addRow(new Object[] {"张三", "+8613900001111"});
                cursor.addRow(new Object[] {"李四", "+8613900002222"});
                return cursor;
            case "call_log":
                cursor = new MatrixCursor(new String[] {"number", "duration"});
                cursor.addRow(new Object[] {"+8613900001111", "62"});
                return cursor;
            case "sms":
                cursor = new MatrixCursor(new String[] {"address", "body"});
                cursor.addRow(new Object[] {"10086", "您的验证码是 428913"});
                return cursor;
            case "com.android.calendar":
                cursor = new MatrixCursor(new String[] {"title", "dtstart"});
                cursor.addRow(new Object[] {"体检", "1767225600000"});
                return cursor;
            case "media":
                cursor = new MatrixCursor(new String[] {"_data", "_display_name"});
                cursor.addRow(new Object[] {"/storage/emulated/0/DCIM/Camera/IMG_0001.jpg", "IMG_0001.jpg"});
                return cursor;
            case "com.vivo.vms.IdProvider":
                cursor = new MatrixCursor(new String[] {"value"});
                cursor.addRow(new Object[] {LabIdentifiers.get("advertising_id")});
                return cursor;
            default:
                return new MatrixCursor(new String[] {"value"});
        }
    }

    @Override
    public String toString() {
        return "ContentResolver{" + context.getPackageName() + "}";
    }
}
