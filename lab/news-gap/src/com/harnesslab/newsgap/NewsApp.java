// News lab app 快看资讯 (type 新闻资讯: needs no personal information). Its privacy dialog links
// to its policy and its SDK list (PolicyPages: pages that scroll); see ../../../../app.yaml.
// - startup: the dialog; nothing read before it;
// - 同意: reads the Android ID and hands it to the Umeng SDK (listed in the SDK list, the
//   identifier declared with a purpose); reads the clipboard (declared, no purpose stated);
//   starts JPush, which reads the installed apps (neither the SDK nor the category is in the
//   policy); then the news list;
// - 不同意: a page that reads nothing.
package com.harnesslab.newsgap;

import cn.jpush.android.api.JPushInterface;
import com.umeng.analytics.MobclickAgent;
import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;

public class NewsApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.newsgap";
    static final String LABEL = "快看资讯";

    private final StandardScreens ui = new StandardScreens(PACKAGE, LABEL);

    @Override
    public void onCreate() {
        super.onCreate();
        showDialog();
    }

    void showDialog() {
        window().show(ui.privacyDialog(StandardScreens.policyText(LABEL), this::onDisagree,
                this::onAgree,
                () -> window().show(ui.documentPage("privacy_policy", "隐私政策",
                        PolicyPages.POLICY, this::showDialog)),
                () -> window().show(ui.documentPage("sdk_list", "第三方SDK共享清单",
                        PolicyPages.SDK_LIST, this::showDialog))));
    }

    void onAgree() {
        String androidId = DeviceInfo.collectAndroidId(this);
        MobclickAgent.onResume("newsgap", androidId);
        DeviceInfo.readClipboardForShareCode(this);
        JPushInterface.init(this);
        window().show(ui.page("main", LABEL, "今日要闻\n1. 城市新闻\n2. 科技快讯"));
    }

    void onDisagree() {
        window().show(ui.page("refused", LABEL, "您需要同意隐私政策后才能使用本应用",
                ui.button("重新查看", "btn_review", this::showDialog)));
    }
}
