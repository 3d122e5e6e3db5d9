// Host-lab runtime: the one clock of UI replies, in epoch milliseconds with a fraction.
// Instant.now() reads the wall clock with microsecond resolution on Linux (Java 17), the same
// clock the harness and the Frida agent (Date.now()) use, so all three line up without offset.
package harness.lab;

import java.time.Instant;

final class LabClock {
    private LabClock() {}

    static double nowMillis() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1000.0 + now.getNano() / 1_000_000.0;
    }
}
