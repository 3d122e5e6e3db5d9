// Host-lab runtime: the entry point of a process the lab "system" starts for a broadcast, as
// ActivityManager does when a broadcast reaches a manifest receiver of a stopped app:
//
//   java [the app JVM's options] -Dharness.process=<process> -cp <classes> \
//        harness.lab.ReceiverLauncher <receiver-class> <package> <action>
//
// Starts the ParentWatchdog (as LabLauncher does), creates the receiver with a context of the
// package, runs its onReceive(context, new Intent(action)) on the main thread, and then keeps
// the process alive (Android keeps it cached) until it is killed. No Application.onCreate and
// no UI: the app's window is not shown. An uncaught exception ends the process with status 1
// and "FATAL EXCEPTION: <thread>".
package harness.lab;

import android.app.ContextImpl;
import android.content.BroadcastReceiver;
import android.content.Intent;

public final class ReceiverLauncher {
    private ReceiverLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: harness.lab.ReceiverLauncher <receiver-class> <package> <action>");
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
        BroadcastReceiver receiver = instantiate(args[0]);
        receiver.onReceive(new ContextImpl(args[1]), new Intent(args[2]));
        Thread.currentThread().join();
    }

    private static BroadcastReceiver instantiate(String className) {
        try {
            return (BroadcastReceiver) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(className + " is not a broadcast receiver (a public android.content.BroadcastReceiver)", e);
        }
    }
}
