// API-tour lab app: loads the MSA OAID SDK as a plugin, late: `delayMs` after start, on the
// "oaid-plugin" thread, through its own child-first class loader ("msa-plugin"). Nothing in
// the app touches com.bun.miitmdid.core before, so the agent can only see it by hooking the
// class when that loader defines it.
package com.harnesslab.apitour.plugin;

import android.content.Context;
import com.bun.miitmdid.interfaces.IIdentifierListener;
import java.lang.reflect.Method;
import java.util.List;

public final class PluginHost {
    private static final String HELPER = "com.bun.miitmdid.core.MdidSdkHelper";

    private PluginHost() {}

    public static void loadLater(Context context, long delayMs, Runnable done) {
        Thread worker = new Thread(() -> {
            try {
                Thread.sleep(delayMs);
                loadOaidPlugin(context);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            done.run();
        }, "oaid-plugin");
        worker.setDaemon(true);
        worker.start();
    }

    static void loadOaidPlugin(Context context) {
        ClassLoader plugin = new ChildFirstLoader("msa-plugin", PluginHost.class.getClassLoader(),
                List.of("com.bun.miitmdid.core.", "com.bun.miitmdid.supplier."));
        try {
            Method init = Class.forName(HELPER, true, plugin)
                    .getMethod("InitSdk", Context.class, boolean.class, IIdentifierListener.class);
            IIdentifierListener listener = (supported, supplier) ->
                    System.out.println("apitour: oaid plugin answered " + supported);
            init.invoke(null, context, false, listener);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the OAID plugin did not load", e);
        }
    }
}
