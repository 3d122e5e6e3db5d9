// News lab apps: a stand-in for JPush (极光推送), under its real package so the SDK database
// attributes it. init() reads the list of installed apps (to pick a push channel, as push
// SDKs do), from its own code: the hooked call's stack names this class.
package cn.jpush.android.api;

import android.content.Context;
import android.content.pm.PackageInfo;
import java.util.List;

public final class JPushInterface {
    private JPushInterface() {}

    public static int init(Context context) {
        List<PackageInfo> installed = context.getPackageManager().getInstalledPackages(0);
        System.err.println("jpush: " + installed.size() + " packages seen");
        return installed.size();
    }
}
