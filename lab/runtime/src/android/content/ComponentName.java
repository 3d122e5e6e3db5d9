// Host-lab stand-in for android.content.ComponentName: a package and a class name.
package android.content;

public final class ComponentName {
    private final String packageName;
    private final String className;

    public ComponentName(String packageName, String className) {
        this.packageName = packageName;
        this.className = className;
    }

    public String getPackageName() {
        return packageName;
    }

    public String getClassName() {
        return className;
    }

    /** "pkg/.Cls" when the class is in the package, else "pkg/cls", as Android's. */
    public String flattenToShortString() {
        String cls = className.startsWith(packageName + ".")
                ? className.substring(packageName.length()) : className;
        return packageName + "/" + cls;
    }

    /** "{pkg/cls}", as Android's. */
    public String toShortString() {
        return "{" + packageName + "/" + className + "}";
    }

    @Override
    public String toString() {
        return "ComponentInfo{" + packageName + "/" + className + "}";
    }
}
