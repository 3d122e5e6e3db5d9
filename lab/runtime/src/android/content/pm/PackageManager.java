// Host-lab stand-in for android.content.pm.PackageManager: abstract, as on Android; the
// implementation is android.app.ApplicationPackageManager (the class hook catalogs hook).
package android.content.pm;

import android.content.Intent;
import java.util.List;

public abstract class PackageManager {
    public static final int GET_META_DATA = 0x00000080;
    public static final int MATCH_ALL = 0x00020000;
    public static final int PERMISSION_GRANTED = 0;
    public static final int PERMISSION_DENIED = -1;

    /** Thrown for a package that is not installed. */
    public static class NameNotFoundException extends Exception {
        public NameNotFoundException(String name) {
            super(name);
        }
    }

    public abstract List<PackageInfo> getInstalledPackages(int flags);

    public abstract List<ApplicationInfo> getInstalledApplications(int flags);

    /** Hidden on Android: what getInstalledPackages(int) calls, for the calling user. */
    public abstract List<PackageInfo> getInstalledPackagesAsUser(int flags, int userId);

    /** Hidden on Android: what getInstalledApplications(int) calls, for the calling user. */
    public abstract List<ApplicationInfo> getInstalledApplicationsAsUser(int flags, int userId);

    public abstract List<ResolveInfo> queryIntentActivities(Intent intent, int flags);

    public abstract List<ModuleInfo> getInstalledModules(int flags);

    public abstract ApplicationInfo getApplicationInfo(String packageName, int flags)
            throws NameNotFoundException;

    public abstract PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException;

    public abstract String getInstallerPackageName(String packageName);
}
