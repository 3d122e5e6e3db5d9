// Host-lab runtime: the entry point of a lab app's second process (LabProcesses.startService).
//
//   java [the app JVM's options] -Dharness.process=<package>:<name> -cp <classes> \
//        harness.lab.ServiceLauncher <service-class> <package>
//
// Starts the ParentWatchdog (as LabLauncher does), creates the service with a context of the
// package, runs its onCreate() and then keeps the process alive until it is killed. An
// uncaught exception ends the process with status 1 and "FATAL EXCEPTION: <thread>".
package harness.lab;

import android.app.ContextImpl;

public final class ServiceLauncher {
    private ServiceLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: harness.lab.ServiceLauncher <service-class> <package>");
            System.exit(2);
        }
        try {
            ParentWatchdog.startFromProperty();
        } catch (IllegalArgumentException e) {
            System.err.println("harness-lab: " + e.getMessage());
            System.exit(2);
        }
        ExitGate gate = new ExitGate();
        Thread.setDefaultUncaughtExceptionHandler(gate::crash);
        LabService service = instantiate(args[0]);
        service.attach(new ContextImpl(args[1]));
        service.onCreate();
        // A service process stays until it is killed, like Android's push services.
        Thread.currentThread().join();
    }

    private static LabService instantiate(String className) {
        try {
            return (LabService) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(className + " is not a lab service (a public harness.lab.LabService)", e);
        }
    }
}
