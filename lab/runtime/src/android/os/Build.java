// Host-lab stand-in for android.os.Build. As on Android (harness.lab.LabPlatform): SERIAL is
// "unknown" from Android 8 (the field is fixed when the class loads, from the JVM's
// harness.lab.* properties, which exist before main()); getSerial() needs READ_PHONE_STATE on
// Android 8-9 and privilege from Android 10 (SecurityException, or "unknown" for an app
// targeting 28 or lower that holds READ_PHONE_STATE); before Android 8 it is the serial.
// A field cannot be hooked: only getSerial() is in the catalog.
package android.os;

import android.content.Context;
import harness.lab.LabIdentifiers;
import harness.lab.LabPlatform;

public final class Build {
    public static final String SERIAL =
            LabPlatform.serialFieldHidden() ? LabPlatform.UNKNOWN : LabIdentifiers.get("serial");
    public static final String MODEL = "HarnessLab Phone";
    public static final String MANUFACTURER = "HarnessLab";

    /** Build.VERSION: the lab phone's API level. */
    public static final class VERSION {
        public static final int SDK_INT = LabPlatform.apiLevel();

        private VERSION() {}
    }

    private Build() {}

    public static String getSerial() {
        Context context = LabPlatform.processContext("getSerial");
        return LabPlatform.deviceIdentifier(context, "getSerial", LabIdentifiers.get("serial"), LabPlatform.UNKNOWN);
    }
}
