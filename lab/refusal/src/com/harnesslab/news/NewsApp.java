// Refusal lab app 速读新闻: a news app (type 30: needs no personal information) that keeps
// collecting after the user refuses its privacy policy:
// - startup: the privacy dialog; nothing read before it;
// - 同意: the news list. Its bundled push SDK (Getui's package, com.igexin.sdk) starts and reads
//   the IMSI: beyond what a news app needs, and not declared;
// - 不同意: the app "remembers the refusal" by reading the Android ID and sending it to its own
//   server (DeviceInfo.rememberRefusal), and starts the push SDK anyway, which reads the IMSI;
//   then a browse-only screen;
// - background: nothing.
package com.harnesslab.news;

import com.igexin.sdk.PushManager;
import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;

public class NewsApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.news";

    private final StandardScreens ui = new StandardScreens(PACKAGE, "速读新闻");

    @Override
    public void onCreate() {
        super.onCreate();
        showPolicy();
    }

    private void showPolicy() {
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        PushManager.getInstance().initialize(this);
        window().show(ui.page("main", "速读新闻", "今日要闻\n1. 科技新闻……\n2. 财经新闻……"));
    }

    void onDisagree() {
        DeviceInfo.rememberRefusal(this);
        PushManager.getInstance().initialize(this);
        window().show(ui.page("browse_only", "速读新闻（仅浏览）",
                "您未同意隐私政策，仅可浏览新闻标题。",
                ui.button("重新查看隐私政策", "btn_review", this::showPolicy)));
    }
}
