// Host-lab runtime: ends the lab app when the harness process that started it is gone.
//
// Frida spawns a lab JVM in a session of its own, so neither a SIGKILLed harness nor a killed
// pytest takes it down, and it would serve its UI forever. The harness passes its pid
// (-Dharness.parent.pid=N); a daemon thread looks every 500 ms and halts the JVM once that
// process is gone. Runtime.halt, not exit: nobody is left to read a reply, and shutdown hooks
// or the exit drain could keep a wedged app alive.
//
// "Gone" means: no such process, a different process under the same pid (its start time
// differs from the one seen at startup), or a zombie. A SIGKILLed harness stays a zombie until
// its parent reaps it, and ProcessHandle counts a zombie as alive, so on Linux the state in
// /proc/<pid>/stat is read too.
package harness.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

final class ParentWatchdog {
    static final String PROPERTY = "harness.parent.pid";
    /** The exit status of a lab JVM halted because its harness is gone. */
    static final int ORPHANED_STATUS = 4;
    private static final long POLL_MILLIS = 500;

    private final long pid;
    private final Optional<Instant> started;

    private ParentWatchdog(long pid, Optional<Instant> started) {
        this.pid = pid;
        this.started = started;
    }

    /**
     * Starts watching the process named by -Dharness.parent.pid; without the property (a lab app
     * started by hand) nothing is watched. A malformed value is an IllegalArgumentException.
     */
    static void startFromProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " is not a process id: " + value, e);
        }
        if (pid <= 0) {
            throw new IllegalArgumentException(PROPERTY + " is not a process id: " + value);
        }
        ParentWatchdog watchdog = new ParentWatchdog(
                pid, ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()));
        Thread thread = new Thread(watchdog::watch, "harness-parent-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (alive()) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                // Nothing interrupts this thread on purpose; keep watching.
                Thread.interrupted();
            }
        }
        System.err.println("harness-lab: the harness process " + pid + " is gone; halting");
        System.err.flush();
        Runtime.getRuntime().halt(ORPHANED_STATUS);
    }

    private boolean alive() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Optional<Instant> now = handle.get().info().startInstant();
        if (started.isPresent() && now.isPresent() && !started.equals(now)) {
            return false; // the pid was reused by another process
        }
        return !zombie();
    }

    /** True when /proc says the process is a zombie (dead, not reaped); false elsewhere. */
    private boolean zombie() {
        String stat;
        try {
            // ISO-8859-1 decodes any bytes: the command name is not necessarily UTF-8.
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return false; // no procfs here (or it vanished just now: the next look sees that)
        }
        // "pid (comm) S ...": the command may hold spaces and parentheses, the state follows
        // the last ')'.
        int close = stat.lastIndexOf(')');
        return close >= 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    }
}
