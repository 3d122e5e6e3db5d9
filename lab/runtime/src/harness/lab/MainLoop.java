// Host-lab runtime: the app's UI thread, like Android's main Looper. The JVM's own "main"
// thread runs queued tasks in order: the app's startup first, then every UI operation the
// server posts, so a dump posted after a click sees what the click's handler did.
package harness.lab;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

final class MainLoop {
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    void post(Runnable task) {
        queue.add(task);
    }

    /** Runs tasks forever on the calling thread; an exception from a task ends the loop. */
    void run() throws InterruptedException {
        while (true) {
            queue.take().run();
        }
    }
}
