// Hooks that take effect before the hooking thread goes on.
//
// On HotSpot, frida-java-bridge applies a method replacement in a Script.nextTick() callback.
// The script runs tick callbacks when the last thread leaves it, which can be another thread
// and later: a class hooked as its loader defines it could then run its first calls unhooked
// (seen: ActivityCompat.requestPermissions, right after its definition). While hooks are
// installed, nextTick is captured, and what was deferred runs at once on this thread.
// Known gap: this relies on frida-java-bridge scheduling through the global Script.nextTick.

type Tick = [(...args: unknown[]) => void, unknown[]];

export function applyNow<T>(install: () => T): T {
    const script = Script as unknown as { nextTick: (fn: (...args: unknown[]) => void, ...args: unknown[]) => void };
    const original = script.nextTick;
    const deferred: Tick[] = [];
    script.nextTick = (fn, ...args) => {
        deferred.push([fn, args]);
    };
    let result: T;
    try {
        result = install();
    } finally {
        script.nextTick = original;
    }
    for (const [fn, args] of deferred) {
        fn(...args);
    }
    return result;
}
