// Host-lab stand-in for the hidden android.os.SystemProperties: ro.serialno and
// ro.boot.serialno are the host-lab device's serial identifier; a few fixed build properties;
// any other key is empty (or the given default), as on Android.
package android.os;

import harness.lab.LabIdentifiers;
import java.util.Map;

public final class SystemProperties {
    private static final Map<String, String> FIXED = Map.of(
            "ro.product.model", "HarnessLab Phone",
            "ro.build.version.release", "13",
            "ro.build.version.sdk", "33");

    private SystemProperties() {}

    public static String get(String key) {
        return lookup(key, "");
    }

    public static String get(String key, String def) {
        return lookup(key, def);
    }

    // Both getters read through here (not through each other), as Android's call native_get.
    private static String lookup(String key, String def) {
        if ("ro.serialno".equals(key) || "ro.boot.serialno".equals(key)) {
            return LabIdentifiers.get("serial");
        }
        return FIXED.getOrDefault(key, def);
    }
}
