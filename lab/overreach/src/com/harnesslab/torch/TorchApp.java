// Overreach lab app 手电筒Pro: a flashlight (a utility, type 38: needs no personal information;
// its policy declares nothing) that asks for far more than it needs:
// - its manifest declares READ_CONTACTS, READ_PHONE_STATE and ACCESS_FINE_LOCATION, none of
//   which a flashlight needs (over-requested permissions);
// - startup: the privacy dialog; nothing read before it;
// - 同意: reads the list of installed apps and the clipboard (DeviceInfo), then the torch
//   screen: neither is needed nor declared (beyond-necessary);
// - 不同意: a screen that reads nothing.
package com.harnesslab.torch;

import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;

public class TorchApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.torch";

    private final StandardScreens ui = new StandardScreens(PACKAGE, "手电筒Pro");
    private boolean on;

    @Override
    public void onCreate() {
        super.onCreate();
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        int apps = DeviceInfo.scanInstalledAppsForAds(this);
        DeviceInfo.peekClipboard(this);
        showTorch("已为您推荐 " + apps + " 款应用");
    }

    private void showTorch(String note) {
        window().show(ui.page("main", "手电筒Pro", (on ? "手电筒：开" : "手电筒：关") + "\n" + note,
                ui.button(on ? "关闭" : "打开", "btn_toggle", () -> {
                    on = !on;
                    showTorch(note);
                })));
    }

    void onDisagree() {
        window().show(ui.page("refused", "手电筒Pro", "您需要同意隐私政策后才能使用本应用"));
    }
}
