// Host-lab runtime: which Android the lab phone runs and which SDK the app targets, and the
// access rules AOSP applies to an ordinary (non-privileged) app there. The stand-ins ask it
// before they hand out personal data, so the lab is as unkind as a real phone:
// - runtime permissions (Android 6+, apps targeting 23+): a dangerous permission the user did
//   not grant makes the API throw SecurityException; older phones or targets grant the
//   manifest's permissions at install (the lab does not know the manifest: all are granted);
// - device identifiers (IMEI/MEID, IMSI, ICCID, serial; Android 10+): only privileged apps
//   get them; an app targeting 29+ gets SecurityException, an older target holding
//   READ_PHONE_STATE gets null (Build.getSerial: "unknown"), as TelephonyPermissions does;
// - placeholders: the Wi-Fi and Bluetooth MACs are 02:00:00:00:00:00 from Android 6.
// Set by JVM properties from the lab app's app.yaml (`android:`): harness.lab.api_level
// (Build.VERSION.SDK_INT 33 when absent), harness.lab.target_sdk (default: the API level),
// harness.lab.privileged (READ_PRIVILEGED_PHONE_STATE, default false) and
// harness.lab.limit_ad_tracking (the user opted out of ad personalisation, default false).
// An app.yaml without `android:` runs on the lab's classic rules (classic()): the answers
// given to permission prompts are what checkSelfPermission reports, but no API refuses data
// for want of a permission, device identifiers are handed out and MACs are real (Build.SERIAL
// stays "unknown", as it always was). Lab apps written before the platform switch keep the
// meaning their ground truth was written for; an app that models a real phone says which.
// Read at call time: the agent loads the stand-ins before main().
package harness.lab;

import android.app.ActivityThread;
import android.content.Context;

public final class LabPlatform {
    public static final int PERMISSION_GRANTED = 0;
    /** What Android 6+ returns to apps instead of a real MAC address. */
    public static final String PLACEHOLDER_MAC = "02:00:00:00:00:00";
    /** What Build.getSerial()/Build.SERIAL give an app that may not have the serial. */
    public static final String UNKNOWN = "unknown";
    /** The advertising id of a user who opted out of ad personalisation (Android 12+). */
    public static final String ZERO_AD_ID = "00000000-0000-0000-0000-000000000000";

    private static final int M = 23; // Android 6: runtime permissions, MAC placeholders
    private static final int O = 26; // Android 8: Build.SERIAL is "unknown"
    private static final int Q = 29; // Android 10: device identifiers for privileged apps only

    private LabPlatform() {}

    /** True when the app names no Android: the lab's classic rules (see the header). */
    public static boolean classic() {
        return System.getProperty("harness.lab.api_level") == null;
    }

    /** The lab phone's API level (Build.VERSION.SDK_INT). */
    public static int apiLevel() {
        return Integer.getInteger("harness.lab.api_level", 33);
    }

    /** Whether the phone runs Android `level`+ and the app targets it: AOSP's gate for a
     * behaviour change. Never on the classic rules. */
    public static boolean since(int level) {
        return !classic() && apiLevel() >= level && targetSdk() >= level;
    }

    /** The app's targetSdkVersion. */
    public static int targetSdk() {
        return Integer.getInteger("harness.lab.target_sdk", apiLevel());
    }

    public static boolean privileged() {
        return Boolean.getBoolean("harness.lab.privileged");
    }

    public static boolean adTrackingLimited() {
        return Boolean.getBoolean("harness.lab.limit_ad_tracking");
    }

    /** True when dangerous permissions are granted by the user at run time, not at install. */
    public static boolean runtimePermissions() {
        return since(M);
    }

    public static boolean macPlaceholders() {
        return !classic() && apiLevel() >= M;
    }

    public static boolean serialFieldHidden() {
        return classic() || since(O);
    }

    /** The app's context, for static APIs (Build.getSerial, Camera.open, SmsManager). */
    public static Context processContext(String api) {
        Context context = ActivityThread.currentContext();
        if (context == null) {
            throw new SecurityException(api + ": no application context in this process");
        }
        return context;
    }

    /** Whether the app holds the permission now. */
    public static boolean holds(Context context, String permission) {
        return !runtimePermissions() || context.checkSelfPermission(permission) == PERMISSION_GRANTED;
    }

    /** Throws SecurityException, worded as AOSP does, unless the app holds one of them. */
    public static void enforceAny(Context context, String api, String... permissions) {
        for (String permission : permissions) {
            if (holds(context, permission)) {
                return;
            }
        }
        throw new SecurityException(api + ": " + context.getPackageName()
                + " does not have " + String.join(" or ", permissions) + ".");
    }

    /**
     * A device identifier (IMEI, MEID, IMSI, ICCID, serial): returns {@code value}, the
     * old-target answer ({@code restricted}: null, or "unknown" for the serial), or throws
     * SecurityException, as TelephonyPermissions.checkReadDeviceIdentifiers does.
     */
    public static String deviceIdentifier(Context context, String api, String value, String restricted) {
        if (classic()) {
            return value;
        }
        if (apiLevel() < Q || privileged()) {
            if (!privileged()) {
                enforceAny(context, api, "android.permission.READ_PHONE_STATE");
            }
            return value;
        }
        if (targetSdk() < Q && holds(context, "android.permission.READ_PHONE_STATE")) {
            return restricted;
        }
        throw new SecurityException(api + ": The user " + context.getPackageName()
                + " does not meet the requirements to access device identifiers.");
    }
}
