// Host-lab stand-in for android.os.IBinder: only the type (the lab has no binder).
package android.os;

public interface IBinder {}
