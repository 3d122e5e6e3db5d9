// Event timestamps in epoch milliseconds with microsecond resolution.
//
// Date.now() is whole milliseconds, so a read in the same millisecond as a consent tap could
// be stamped before it. clock_gettime(CLOCK_REALTIME) is the same wall clock the harness and
// the app's UI use, at full resolution; Date.now() remains the fallback where libc lacks it.

const CLOCK_REALTIME = 0;

type Clock = () => number;

function makeClock(): Clock {
    const address = Module.findGlobalExportByName("clock_gettime");
    if (address === null) {
        return Date.now;
    }
    // Exclusive: the script lock is kept across this short call (see jni.ts for why it matters).
    const clockGettime = new NativeFunction(address, "int", ["int", "pointer"], { scheduling: "exclusive" });
    // struct timespec is two long-sized fields: 8 + 8 bytes on 64-bit, 4 + 4 on 32-bit ARM.
    const spec = Memory.alloc(16);
    const wide = Process.pointerSize === 8;
    return () => {
        if (clockGettime(CLOCK_REALTIME, spec) !== 0) {
            return Date.now();
        }
        const sec = wide ? spec.readS64().toNumber() : spec.readS32();
        const nsec = wide ? spec.add(8).readS64().toNumber() : spec.add(4).readS32();
        return sec * 1000 + nsec / 1e6;
    };
}

export const nowMs: Clock = makeClock();
