// Host-lab stand-in for android.os.Handler: runs posted work at once on the calling thread
// (callbacks of the lab's camera, location and cell stand-ins).
package android.os;

public class Handler {
    public boolean post(Runnable work) {
        work.run();
        return true;
    }
}
