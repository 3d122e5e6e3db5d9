// sdk-depth lab app 轻步计步: a utility (type 38: needs no personal information) whose bundled
// SDKs all start at launch, before the privacy dialog, and read where real SDKs read: in a
// push SDK's core sub-package, in the crash SDK of an analytics vendor, in a location SDK's
// obfuscated core, and in an SDK no database knows (see ../app.yaml). The app's own code reads
// nothing. 同意 and 不同意 each show a page; nothing more is read.
package com.harnesslab.steps;

import com.igexin.sdk.PushManager;
import com.tencent.map.geolocation.TencentLocationManager;
import com.umeng.umcrash.UMCrash;
import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;
import org.ministat.agent.Probe;

public class StepsApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.steps";
    private static final String UMENG_APPKEY = "steps-lab";

    private final StandardScreens ui = new StandardScreens(PACKAGE, "轻步计步");

    @Override
    public void onCreate() {
        super.onCreate();
        // Synchronous and in this order, before the dialog: every read and upload happens at a
        // known point of the pre-consent phase.
        PushManager.getInstance().initialize(this);
        UMCrash.init(this, UMENG_APPKEY);
        TencentLocationManager.getInstance(this).requestSingleFreshLocation();
        Probe.start(this);
        showPolicy();
    }

    private void showPolicy() {
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        window().show(ui.page("main", "轻步计步", "今日步数：0\n目标：8000 步"));
    }

    void onDisagree() {
        window().show(ui.page("browse_only", "轻步计步（未同意）",
                "您未同意隐私政策，计步功能不可用。",
                ui.button("重新查看隐私政策", "btn_review", this::showPolicy)));
    }
}
