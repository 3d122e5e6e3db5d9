// sdk-depth lab app: a stand-in for Getui's core (package com.igexin.push.core, where the real
// SDK's device registration lives). register() reads the Android ID and POSTs it, in clear,
// to Getui's registration host; failures are logged and swallowed, as SDKs do.
package com.igexin.push.core;

import android.content.Context;
import android.provider.Settings;
import harness.lab.FormPost;
import java.io.IOException;
import java.util.Map;

public final class CoreLogic {
    private static final String REGISTER_URL = "https://sdk.open.phone.igexin.com/api.php";
    private static final Map<String, String> HEADERS = Map.of("User-Agent", "GETUI-SDK/3.3 (host-lab)");

    private CoreLogic() {}

    public static void register(Context context) {
        String androidId = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        try {
            int status = FormPost.send(REGISTER_URL, "action=register&aid=" + androidId, HEADERS);
            System.err.println("getui: registered, HTTP " + status);
        } catch (IOException e) {
            System.err.println("getui: registration failed: " + e);
        }
    }
}
