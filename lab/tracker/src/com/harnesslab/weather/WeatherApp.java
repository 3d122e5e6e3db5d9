// Tracker lab app 天气早知道: a weather utility (type 38: needs no personal information; its
// policy declares the location) whose location SDK reads too often and which reads the location
// in the background:
// - startup: the privacy dialog; nothing read before it;
// - 同意: reads the location once for the forecast (declared), then starts its bundled location
//   SDK (AMap's package, com.amap.api.location), which fingerprints the device by reading the
//   Android ID 15 times, 100 ms apart, before returning: too often, and not declared;
// - in the background (after consent): a refresh timer reads the location every 500 ms until
//   the app is back in the foreground;
// - 不同意: a screen that reads nothing, in the foreground or the background.
package com.harnesslab.weather;

import com.amap.api.location.AMapLocationClient;
import harness.lab.LabApplication;
import harness.lab.ui.StandardScreens;
import java.util.Timer;
import java.util.TimerTask;

public class WeatherApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.weather";

    private final StandardScreens ui = new StandardScreens(PACKAGE, "天气早知道");
    private boolean consented;
    private Timer refresh;

    @Override
    public void onCreate() {
        super.onCreate();
        window().show(ui.privacyDialog(this::onDisagree, this::onAgree));
    }

    void onAgree() {
        consented = true;
        String where = DeviceInfo.locateForForecast(this);
        new AMapLocationClient(this).startLocation();
        window().show(ui.page("main", "天气早知道", where + "：晴，18~26℃"));
    }

    void onDisagree() {
        window().show(ui.page("refused", "天气早知道", "您需要同意隐私政策后才能使用本应用"));
    }

    @Override
    public void onBackground() {
        if (!consented) {
            return;
        }
        refresh = new Timer("weather-refresh", true);
        refresh.scheduleAtFixedRate(new TimerTask() {
            @Override
            public void run() {
                DeviceInfo.refreshInBackground(WeatherApp.this);
            }
        }, 200, 500);
    }

    @Override
    public void onForeground() {
        if (refresh != null) {
            refresh.cancel();
            refresh = null;
        }
    }
}
