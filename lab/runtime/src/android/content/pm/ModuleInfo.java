// Host-lab stand-in for android.content.pm.ModuleInfo (API 29): a mainline module.
package android.content.pm;

public final class ModuleInfo {
    private final String packageName;

    public ModuleInfo(String packageName) {
        this.packageName = packageName;
    }

    public String getPackageName() {
        return packageName;
    }

    @Override
    public String toString() {
        return "ModuleInfo{" + packageName + "}";
    }
}
