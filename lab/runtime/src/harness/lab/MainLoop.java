// Host-lab runtime: the app's UI thread, like Android's main Looper. The JVM's own "main"
// thread runs queued tasks in order: the app's startup first, then every UI operation the
// server posts, so a dump posted after a click sees what the click's handler did.
// Work the runtime defers from a task (a permission result, which Android never delivers
// inside the request call) runs right after that task, before any later request.
package harness.lab;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

final class MainLoop {
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Queue<Runnable> deferred = new ArrayDeque<>(); // main thread only

    void post(Runnable task) {
        queue.add(task);
    }

    /** From the main thread: run after the current task, ahead of everything queued. */
    void defer(Runnable task) {
        deferred.add(task);
    }

    /** Runs tasks forever on the calling thread; an exception from a task ends the loop. */
    void run() throws InterruptedException {
        while (true) {
            queue.take().run();
            Runnable next;
            while ((next = deferred.poll()) != null) {
                next.run();
            }
        }
    }
}
