// Inbox lab app 消息盒子: a news-digest app (type 30: needs no personal information) whose push
// SDK collects in a process of its own, and which restarts itself once at first start:
// - first start: HotFix.applyAndRestart() "applies a patch" and restarts the app (a new main
//   process of the same package; this one exits with status 0), as hot-fix SDKs do;
// - the restarted process starts the push SDK's service in "com.harnesslab.inbox:push"
//   (com.igexin.sdk.PushService, Getui's package), which reads the device id and the IMSI at
//   once, before any consent; then it shows the privacy dialog;
// - 同意: the digest page; 不同意: a browse-only page. The main process reads nothing.
package com.harnesslab.inbox;

import com.igexin.sdk.PushService;
import harness.lab.LabApplication;
import harness.lab.LabProcesses;
import harness.lab.ui.StandardScreens;
import java.io.IOException;

public class InboxApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.inbox";

    private final StandardScreens ui = new StandardScreens(PACKAGE, "消息盒子");

    @Override
    public void onCreate() {
        super.onCreate();
        if (LabProcesses.restarts() == 0) {
            HotFix.apply();
            restartProcess();
            return;
        }
        try {
            LabProcesses.startService(PACKAGE, ":push", PushService.class);
        } catch (IOException e) {
            System.err.println("inbox: cannot start the push service: " + e);
        }
        showPolicy();
    }

    private void showPolicy() {
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        window().show(ui.page("main", "消息盒子", "今日摘要\n1. 科技……\n2. 财经……"));
    }

    void onDisagree() {
        window().show(ui.page("browse_only", "消息盒子（仅浏览）",
                "您未同意隐私政策，仅可浏览摘要标题。",
                ui.button("重新查看隐私政策", "btn_review", this::showPolicy)));
    }
}
