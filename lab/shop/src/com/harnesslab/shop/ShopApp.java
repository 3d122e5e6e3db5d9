// Shop lab app: a shopping app (网上购物) with a privacy dialog, several screens, text fields,
// a scrolling product list and a screen that asks for a runtime permission. Its privacy
// behaviour is known exactly (see ../../../../../app.yaml, expected_findings):
// - startup, before consent: reads the Android ID, and asks for READ_PHONE_STATE with
//   Activity.requestPermissions (the permission dialog appears over the privacy dialog); if
//   granted it reads the device id;
// - 同意并继续: the full app. Going to the background reads the installed apps; coming back
//   reads the clipboard (a shared "口令"). 附近门店 asks for location once; if granted it reads
//   the location (declared in the profile);
// - 不同意: reads the Android ID again (to remember the refusal), then a browse-only mode that
//   reads nothing more, in the foreground or the background.
package com.harnesslab.shop;

import androidx.core.app.ActivityCompat;
import harness.lab.LabApplication;
import harness.lab.ui.Screen;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

public class ShopApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.shop";
    static final int REQUEST_PHONE = 1;
    static final int REQUEST_LOCATION = 2;
    private static final String[] PHONE = {"android.permission.READ_PHONE_STATE"};
    private static final String[] LOCATION = {
        "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION"};
    private static final int GRANTED = 0;

    private final ShopScreens screens = new ShopScreens(this);
    private final MoreScreens more = new MoreScreens(this);
    private final Deque<Supplier<Screen>> stack = new ArrayDeque<>();
    private ShopActivity activity;
    private boolean consented;
    private boolean basicMode;
    private boolean locationAsked;
    private String storesText = "正在获取附近门店…";
    final List<Products.Product> cart = new ArrayList<>();
    final Set<Integer> favourites = new HashSet<>();
    final Set<Integer> coupons = new HashSet<>();
    boolean loggedIn;
    String lastOrderAddress = "";

    @Override
    public void onCreate() {
        super.onCreate();
        DeviceInfo.collectAndroidId(this);
        activity = attachActivity(new ShopActivity(this));
        root(screens::privacyDialog);
        // Before the user has seen the policy: the permission dialog covers the privacy dialog.
        activity.requestPermissions(PHONE, REQUEST_PHONE);
    }

    void onPermissionsResult(int requestCode, String[] permissions, int[] results) {
        boolean granted = results.length > 0 && results[0] == GRANTED;
        if (requestCode == REQUEST_PHONE && granted) {
            DeviceInfo.collectDeviceId(this);
        } else if (requestCode == REQUEST_LOCATION) {
            storesText = granted
                    ? "离您最近：好物商城 旗舰店（" + DeviceInfo.collectLocation(this) + "）"
                    : "未获得位置权限，无法显示附近门店";
            render();
        }
    }

    // --- consent ---

    void onAgree() {
        consented = true;
        basicMode = false;
        root(screens::home);
    }

    void onDisagree() {
        DeviceInfo.rememberRefusal(this);
        basicMode = true;
        root(screens::basicHome);
    }

    void reviewPolicy() {
        root(screens::privacyDialog);
    }

    boolean basicMode() {
        return basicMode;
    }

    // --- lifecycle ---

    @Override
    public void onBackground() {
        if (consented) {
            DeviceInfo.collectInstalledAppsForAds(this);
        }
    }

    @Override
    public void onForeground() {
        if (consented) {
            DeviceInfo.checkClipboardForShareCode(this);
        }
    }

    // --- navigation: a back stack of screen builders, re-run to show current state ---

    void root(Supplier<Screen> screen) {
        stack.clear();
        stack.push(screen);
        render();
    }

    void open(Supplier<Screen> screen) {
        stack.push(screen);
        render();
    }

    /** A bottom tab: home, or home with the tab above it (BACK returns to home). */
    void tab(Supplier<Screen> screen) {
        stack.clear();
        stack.push(screens::home);
        if (screen != null) {
            stack.push(screen);
        }
        render();
    }

    void back() {
        if (stack.size() > 1) {
            stack.pop();
            render();
        }
    }

    void render() {
        Screen screen = stack.peek().get();
        boolean nested = stack.size() > 1 && screen.onBack() == null;
        window().show(nested ? screen.withOnBack(this::back) : screen);
    }

    // --- features ---

    void search(String query) {
        String q = query.strip();
        open(() -> screens.search(q));
    }

    void openProduct(Products.Product product) {
        open(() -> screens.detail(product));
    }

    void openStores() {
        open(more::stores);
        if (activity.checkSelfPermission(LOCATION[0]) == GRANTED) {
            onPermissionsResult(REQUEST_LOCATION, LOCATION, new int[] {GRANTED, GRANTED});
        } else if (!locationAsked) {
            locationAsked = true;
            // The support-library path most apps use (it calls Activity.requestPermissions).
            ActivityCompat.requestPermissions(activity, LOCATION, REQUEST_LOCATION);
        } else {
            storesText = "未获得位置权限，无法显示附近门店";
            render();
        }
    }

    String storesText() {
        return storesText;
    }

    MoreScreens more() {
        return more;
    }

    ShopScreens screens() {
        return screens;
    }
}
