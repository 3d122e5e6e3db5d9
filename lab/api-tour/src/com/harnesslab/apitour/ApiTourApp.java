// API-tour lab app: calls every entry of the hook catalog (hooks/catalog.yaml) at least once,
// with known ground truth (../tour.yaml: which entry, category, thread and calling method).
// At startup, on the main thread, its own code reads what a feature app reads (location,
// contacts, camera, ...) and asks for permissions; its bundled Umeng SDK stand-in fingerprints
// the device on the "umeng-sdk" thread; a while later (apitour.plugin_delay_ms, default 3 s)
// an OAID plugin is loaded by a child class loader and run on the "oaid-plugin" thread, to
// prove that classes loaded late are hooked. Each part prints "apitour: <part> done".
package com.harnesslab.apitour;

import com.harnesslab.apitour.plugin.PluginHost;
import com.umeng.commonsdk.UMConfigure;
import harness.lab.LabApplication;
import harness.lab.ui.Node;
import harness.lab.ui.Screen;

public class ApiTourApp extends LabApplication {
    static final String PACKAGE = "com.harnesslab.apitour";
    private static final String ID = PACKAGE + ":id/";

    @Override
    public void onCreate() {
        super.onCreate();
        window().show(Screen.of("tour", PACKAGE, Node.of(Node.FRAME_LAYOUT).add(
                Node.textView("API 巡览").id(ID + "title").bounds(48, 180, 1032, 300))));
        UMConfigure.init(this, "apitour", () -> System.out.println("apitour: sdk done"));
        FirstPartyTour.run(this, attachActivity(new TourActivity()));
        System.out.println("apitour: first-party done");
        long delay = Long.getLong("apitour.plugin_delay_ms", 3000L);
        PluginHost.loadLater(this, delay, () -> System.out.println("apitour: plugin done"));
    }
}
