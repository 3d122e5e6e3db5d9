// Host-lab stand-in for android.content.BroadcastReceiver: a manifest-registered receiver
// (app.yaml `receivers`) is created by harness.lab.ReceiverLauncher in the process the lab
// "system" starts for a broadcast, and gets onReceive on that process's main thread.
package android.content;

public abstract class BroadcastReceiver {
    public abstract void onReceive(Context context, Intent intent);
}
