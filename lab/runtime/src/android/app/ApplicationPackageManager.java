// Host-lab stand-in for android.app.ApplicationPackageManager, the concrete PackageManager.
// "Installed" packages are the host-lab device's installed_apps identifier (a comma-separated
// list of package names) plus the app itself; lookups of any other package throw
// NameNotFoundException, as on Android. Every installed app has a launcher activity, and the
// installer of each is the app store com.android.vending. As in AOSP, getInstalledPackages(int)
// and getInstalledApplications(int) call getInstalledPackagesAsUser / ...ApplicationsAsUser, and
// getPackageInfo calls getPackageInfoAsUser: one app call, several hooked methods.
package android.app;

import android.content.Context;
import android.content.Intent;
import android.content.pm.ApplicationInfo;
import android.content.pm.ModuleInfo;
import android.content.pm.PackageInfo;
import android.content.pm.PackageManager;
import android.content.pm.ResolveInfo;
import harness.lab.LabIdentifiers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

public class ApplicationPackageManager extends PackageManager {
    private final Context context;

    public ApplicationPackageManager(Context context) {
        this.context = context;
    }

    /** The lab phone has one user, the owner (UserHandle.myUserId()). */
    private static final int USER_ID = 0;

    // As in AOSP: the public list calls delegate to their *AsUser forms with the caller's user.
    @Override
    public List<PackageInfo> getInstalledPackages(int flags) {
        return getInstalledPackagesAsUser(flags, USER_ID);
    }

    @Override
    public List<PackageInfo> getInstalledPackagesAsUser(int flags, int userId) {
        List<PackageInfo> result = new ArrayList<>();
        for (String name : packageNames()) {
            PackageInfo info = new PackageInfo();
            info.packageName = name;
            info.versionName = "1.0";
            info.applicationInfo = applicationInfo(name);
            result.add(info);
        }
        return result;
    }

    @Override
    public List<ApplicationInfo> getInstalledApplications(int flags) {
        return getInstalledApplicationsAsUser(flags, USER_ID);
    }

    @Override
    public List<ApplicationInfo> getInstalledApplicationsAsUser(int flags, int userId) {
        List<ApplicationInfo> result = new ArrayList<>();
        for (String name : packageNames()) {
            result.add(applicationInfo(name));
        }
        return result;
    }

    @Override
    public List<ResolveInfo> queryIntentActivities(Intent intent, int flags) {
        List<ResolveInfo> result = new ArrayList<>();
        for (String name : packageNames()) {
            ResolveInfo info = new ResolveInfo();
            info.resolvePackageName = name;
            result.add(info);
        }
        return result;
    }

    @Override
    public List<ModuleInfo> getInstalledModules(int flags) {
        return List.of(new ModuleInfo("com.google.android.modulemetadata"));
    }

    @Override
    public ApplicationInfo getApplicationInfo(String packageName, int flags) throws NameNotFoundException {
        return applicationInfo(installed(packageName));
    }

    @Override
    public PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException {
        return getPackageInfoAsUser(packageName, flags, USER_ID);
    }

    /** Hidden on Android: getPackageInfo for a user (what getPackageInfo calls). */
    public PackageInfo getPackageInfoAsUser(String packageName, int flags, int userId)
            throws NameNotFoundException {
        PackageInfo info = new PackageInfo();
        info.packageName = installed(packageName);
        info.versionName = "1.0";
        info.applicationInfo = applicationInfo(packageName);
        return info;
    }

    @Override
    public String getInstallerPackageName(String packageName) {
        return packageNames().contains(packageName) ? "com.android.vending" : null;
    }

    private String installed(String packageName) throws NameNotFoundException {
        if (!packageNames().contains(packageName)) {
            throw new NameNotFoundException(packageName);
        }
        return packageName;
    }

    private Set<String> packageNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String name : LabIdentifiers.get("installed_apps").split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        names.add(context.getPackageName());
        return names;
    }

    private static ApplicationInfo applicationInfo(String name) {
        ApplicationInfo info = new ApplicationInfo();
        info.packageName = name;
        return info;
    }
}
