// Host-lab runtime: the entry point of every lab app.
//
//   java [-Dharness.id.<category>=<value> ...] [-Dharness.ui.portfile=<file>] \
//        [-Dharness.parent.pid=<pid>] -cp <classes> \
//        harness.lab.LabLauncher <application-class> <package> <label>
//
// Starts the UI server first (so the harness can connect at once), then runs the app's
// Application.onCreate() as the first task of the main thread, then serves the UI forever.
// Screenshots use headless AWT (java.awt.headless is set before anything touches AWT).
// Before all that, with harness.parent.pid, it starts the ParentWatchdog, which halts the JVM
// when that process is gone (Frida starts lab JVMs in a session of their own, so nothing else
// would end them).
package harness.lab;

import android.app.ContextImpl;
import harness.lab.ui.Window;
import java.io.IOException;

public final class LabLauncher {
    private LabLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: harness.lab.LabLauncher <application-class> <package> <label>");
            System.exit(2);
        }
        // First: a harness that dies while this JVM starts must not leave it behind either.
        try {
            ParentWatchdog.startFromProperty();
        } catch (IllegalArgumentException e) {
            System.err.println("harness-lab: " + e.getMessage());
            System.exit(2);
        }
        // Screenshots are drawn with AWT, which must never look for a display on a lab host.
        System.setProperty("java.awt.headless", "true");
        LabProcesses.recordLaunch(args);
        String appClass = args[0];
        String packageName = args[1];
        ExitGate gate = new ExitGate();
        // Android kills the process on any uncaught exception; so does the lab.
        Thread.setDefaultUncaughtExceptionHandler(gate::crash);
        Window window = new Window(packageName, args[2]);
        MainLoop loop = new MainLoop();
        try {
            UiServer.start(new UiProtocol(window, loop), gate, System.getProperty("harness.ui.portfile"));
        } catch (IOException e) {
            System.err.println("harness-lab: cannot start the UI server: " + e);
            System.exit(3);
        }
        loop.post(() -> {
            LabApplication app = instantiate(appClass);
            LabPermissions permissions = new LabPermissions(window, args[2], loop::defer);
            ContextImpl context = new ContextImpl(packageName);
            context.attachPermissions(permissions);
            app.attachRuntime(context, window, gate::exit, permissions);
            app.onCreate();
        });
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            gate.crash(Thread.currentThread(), e);
        }
    }

    private static LabApplication instantiate(String className) {
        try {
            Class<?> type = Class.forName(className);
            return (LabApplication) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(
                    className + " is not a lab app (a public harness.lab.LabApplication subclass)", e);
        }
    }
}
