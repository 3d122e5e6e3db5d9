// Host-lab stand-in for android.content.pm.ApplicationInfo: the public fields apps read.
package android.content.pm;

public class ApplicationInfo {
    public String packageName;
    public int flags;

    @Override
    public String toString() {
        return "ApplicationInfo{" + packageName + "}";
    }
}
