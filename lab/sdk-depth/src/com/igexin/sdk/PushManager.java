// sdk-depth lab app: a stand-in for Getui's public entry point (com.igexin.sdk.PushManager).
// Like the real SDK, it reads nothing itself: initialize() hands over to the SDK's core
// package (com.igexin.push.core), so the hooked read's innermost SDK frame is a core class.
package com.igexin.sdk;

import android.content.Context;
import com.igexin.push.core.CoreLogic;

public final class PushManager {
    private static final PushManager INSTANCE = new PushManager();

    private PushManager() {}

    public static PushManager getInstance() {
        return INSTANCE;
    }

    public void initialize(Context context) {
        CoreLogic.register(context);
    }
}
