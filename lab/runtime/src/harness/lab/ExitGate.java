// Host-lab runtime: ends the process without losing a reply already owed. A click whose
// handler exits the app (a "quit" button), or the quit op itself, must still get its reply
// out, so exit() waits, at most briefly, for requests being answered.
package harness.lab;

final class ExitGate {
    private static final long DRAIN_MILLIS = 2000;

    private int inFlight;
    private boolean exiting;

    /** A request starts; false when the process is already ending. */
    synchronized boolean begin() {
        if (exiting) {
            return false;
        }
        inFlight++;
        return true;
    }

    synchronized void end() {
        inFlight--;
        notifyAll();
    }

    void exit(int status) {
        synchronized (this) {
            exiting = true;
            long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
            long left;
            while (inFlight > 0 && (left = deadline - System.currentTimeMillis()) > 0) {
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().exit(status);
    }

    /** An uncaught exception kills the app, as on Android ("FATAL EXCEPTION: main"). */
    void crash(Thread thread, Throwable error) {
        System.err.println("FATAL EXCEPTION: " + thread.getName());
        error.printStackTrace();
        exit(1);
    }
}
