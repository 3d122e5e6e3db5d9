// Host-lab stand-in for android.content.pm.PackageManager: abstract, as on Android; the
// implementation is android.app.ApplicationPackageManager (the class hook catalogs hook).
package android.content.pm;

import java.util.List;

public abstract class PackageManager {
    public static final int GET_META_DATA = 0x00000080;

    public abstract List<PackageInfo> getInstalledPackages(int flags);

    public abstract List<ApplicationInfo> getInstalledApplications(int flags);
}
