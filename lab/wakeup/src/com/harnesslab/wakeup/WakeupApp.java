// Lab app 清理大师: a phone cleaner whose bundled push SDK (a Getui stand-in) wakes other apps
// (associated start, 关联启动) once the user has agreed:
// - startup: the privacy dialog; nothing started, nothing read;
// - 同意: the app starts its own cleaning service (its own package: not an associated start)
//   and asks the system to open its help page in a browser (an implicit intent: not one
//   either; the lab phone has no browser, so it is told "no activity found"), then
//   PushManager.initialize: startService and bindService of com.harnesslab.news's and
//   com.harnesslab.deals's com.igexin.sdk.PushService, and a broadcast to com.harnesslab.deals;
// - 不同意: a page; nothing started.
package com.harnesslab.wakeup;

import android.content.ActivityNotFoundException;
import android.content.Intent;
import com.igexin.sdk.PushManager;
import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;

public class WakeupApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.wakeup";

    private final StandardScreens ui = new StandardScreens(PACKAGE, "清理大师");

    @Override
    public void onCreate() {
        super.onCreate();
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        startService(new Intent().setClassName(PACKAGE, PACKAGE + ".CleanService"));
        try {
            startActivity(new Intent(Intent.ACTION_VIEW));
        } catch (ActivityNotFoundException e) {
            System.out.println("wakeup: no browser for the help page: " + e.getMessage());
        }
        PushManager.getInstance().initialize(this);
        window().show(ui.page("main", "清理大师", "手机很干净"));
    }

    void onDisagree() {
        window().show(ui.page("refused", "清理大师", "您未同意隐私政策，仅可使用基础清理。"));
    }
}
