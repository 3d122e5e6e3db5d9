// Diary lab app 好物日记: its crash SDK and its own account code upload what the app read
// (installed apps, clipboard, Wi-Fi, account, phone number) before the privacy policy is
// accepted; see app.yaml for what a correct harness reports.
package com.harnesslab.diary;

import com.tencent.bugly.crashreport.CrashReport;
import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;

public class DiaryApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.diary";

    private final StandardScreens ui = new StandardScreens(PACKAGE, "好物日记");

    @Override
    public void onCreate() {
        super.onCreate();
        // As many apps do: the crash SDK first, so that a crash in startup is reported.
        CrashReport.initCrashReport(this, "8a3f1c27e0", false);
        AccountBinder.bind(this);
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        window().show(ui.page("diary", "好物日记", "今天还没有记录好物。"));
    }

    void onDisagree() {
        window().show(ui.page("refused", "好物日记", "您需要同意隐私政策后才能使用本应用"));
    }
}
