// Host-lab stand-in for android.provider.Settings with its nested Secure and System tables
// (Settings$Secure, Settings$System). getString(resolver, "android_id") returns the host-lab
// device's Android ID, in both tables as on old Android; Secure "bluetooth_address" is the
// device's bluetooth identifier (readable on Android before 8); other keys read a small fixed table,
// and unknown keys return null. getString delegates to getStringForUser as on Android, so a
// catalog hooking the lower layer sees every read too.
// Note: inside this file `System` means Settings.System, not java.lang.System.
package android.provider;

import android.content.ContentResolver;
import harness.lab.LabIdentifiers;
import java.util.Map;

public final class Settings {
    private Settings() {}

    private static String lookup(Map<String, String> table, String name) {
        if (Secure.ANDROID_ID.equals(name)) {
            return LabIdentifiers.get("android_id");
        }
        if (table == Secure.VALUES && "bluetooth_address".equals(name)) {
            return LabIdentifiers.get("bluetooth");
        }
        return table.get(name);
    }

    public static final class Secure {
        public static final String ANDROID_ID = "android_id";
        private static final Map<String, String> VALUES = Map.of(
                "default_input_method", "com.android.inputmethod.latin/.LatinIME",
                "accessibility_enabled", "0",
                "location_mode", "3");

        private Secure() {}

        public static String getString(ContentResolver resolver, String name) {
            return getStringForUser(resolver, name, 0);
        }

        public static String getStringForUser(ContentResolver resolver, String name, int userHandle) {
            return lookup(VALUES, name);
        }
    }

    public static final class System {
        private static final Map<String, String> VALUES = Map.of(
                "screen_brightness", "128",
                "time_12_24", "24",
                "font_scale", "1.0");

        private System() {}

        public static String getString(ContentResolver resolver, String name) {
            return getStringForUser(resolver, name, 0);
        }

        public static String getStringForUser(ContentResolver resolver, String name, int userHandle) {
            return lookup(VALUES, name);
        }
    }
}
