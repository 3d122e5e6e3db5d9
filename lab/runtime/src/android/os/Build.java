// Host-lab stand-in for android.os.Build: getSerial() returns the host-lab device's serial
// identifier. The SERIAL field is "unknown", as on Android 8+ for apps (a field cannot be
// hooked, and it must not depend on the run: the agent loads this class before main()).
package android.os;

import harness.lab.LabIdentifiers;

public final class Build {
    public static final String SERIAL = "unknown";
    public static final String MODEL = "HarnessLab Phone";
    public static final String MANUFACTURER = "HarnessLab";

    private Build() {}

    public static String getSerial() {
        return LabIdentifiers.get("serial");
    }
}
