// Host-lab stand-in for android.content.pm.ResolveInfo: the package an intent resolved to.
package android.content.pm;

public class ResolveInfo {
    public String resolvePackageName;

    @Override
    public String toString() {
        return "ResolveInfo{" + resolvePackageName + "}";
    }
}
