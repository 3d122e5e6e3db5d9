// Lab app 日程助手: a calendar app whose manifest registers BootReceiver (app.yaml `receivers`,
// in a process of its own, ":core") for BOOT_COMPLETED and USER_PRESENT. The app itself does
// nothing wrong while it runs:
// - startup: the privacy dialog; nothing read, nothing sent;
// - 同意: the agenda page; nothing read;
// - 不同意: a page; nothing read.
// Stopped, it is started again by the system for the boot broadcast, and its receiver reads
// the device id and sends it home (BootReceiver).
package com.harnesslab.agenda;

import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;

public class AgendaApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.agenda";

    private final StandardScreens ui = new StandardScreens(PACKAGE, "日程助手");

    @Override
    public void onCreate() {
        super.onCreate();
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        window().show(ui.page("main", "日程助手", "今天没有日程"));
    }

    void onDisagree() {
        window().show(ui.page("refused", "日程助手", "您未同意隐私政策，可查看本地日历。"));
    }
}
