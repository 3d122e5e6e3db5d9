// Newswall lab app 速览资讯: a news app that blocks, without quitting, when the phone
// permission is denied: one screen offering only 去设置 / 退出 (see app.yaml).
package com.harnesslab.newswall;

import android.telephony.TelephonyManager;
import androidx.core.app.ActivityCompat;
import harness.lab.LabApplication;
import harness.lab.ui.Screen;
import harness.lab.ui.StandardScreens;

public class NewsApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.newswall";
    static final int REQUEST_PHONE = 7;
    private static final String[] PHONE = {"android.permission.READ_PHONE_STATE"};

    private final StandardScreens ui = new StandardScreens(PACKAGE, "速览资讯");
    private NewsActivity activity;
    private boolean blocked;

    @Override
    public void onCreate() {
        super.onCreate();
        activity = attachActivity(new NewsActivity(this));
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        window().show(ui.page("splash", "速览资讯", "正在加载……"));
        ActivityCompat.requestPermissions(activity, PHONE, REQUEST_PHONE);
    }

    void onDisagree() {
        window().show(ui.page("browse", "速览资讯", "游客模式：仅可浏览热点新闻"));
    }

    void onPhonePermission(boolean granted) {
        if (granted) {
            TelephonyManager phone = (TelephonyManager) getSystemService(TELEPHONY_SERVICE);
            String device = phone.getDeviceId();
            window().show(ui.page("feed", "速览资讯", "为你推荐（" + device.length() + "）"));
            return;
        }
        blocked = true;
        window().show(permissionWall());
    }

    /** The screen real apps show: an explanation and two ways out, and BACK does nothing. */
    private Screen permissionWall() {
        return ui.page("permission_wall", "权限申请",
                        "为保障您的账号安全，速览资讯需要获取“电话”权限（读取设备信息）。"
                                + "请在 设置-应用-权限 中开启，否则无法使用本应用。",
                        ui.button("去设置", "btn_settings", this::openSettings),
                        ui.button("退出", "btn_exit", this::finish))
                .withOnBack(() -> {});
    }

    /** Settings.ACTION_APPLICATION_DETAILS_SETTINGS: the system settings take the screen. */
    private void openSettings() {
        window().toBackground();
    }

    @Override
    public void onForeground() {
        // Back from the settings (or anywhere): still no permission, still the same screen.
        if (blocked) {
            window().show(permissionWall());
        }
    }
}
