// Host-lab stand-in for android.app.ApplicationPackageManager, the concrete PackageManager.
// "Installed" packages are the host-lab device's installed_apps identifier (a comma-separated
// list of package names) plus the app itself.
package android.app;

import android.content.Context;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageInfo;
import android.content.pm.PackageManager;
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

    @Override
    public List<PackageInfo> getInstalledPackages(int flags) {
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
        List<ApplicationInfo> result = new ArrayList<>();
        for (String name : packageNames()) {
            result.add(applicationInfo(name));
        }
        return result;
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
