// sdk-depth lab app: a stand-in for an SDK that no SDK database lists (a made-up vendor,
// org.ministat). start() reads the installed-app list and keeps only its size. The harness
// cannot name it: the read counts as the app's own, and scoring.json lists the package under
// unattributed_collectors so the lab sees where its SDK database falls short.
package org.ministat.agent;

import android.content.Context;
import android.content.pm.PackageInfo;
import java.util.List;

public final class Probe {
    private static int installedCount;

    private Probe() {}

    public static void start(Context context) {
        List<PackageInfo> installed = context.getPackageManager().getInstalledPackages(0);
        installedCount = installed.size();
    }

    public static int installedCount() {
        return installedCount;
    }
}
