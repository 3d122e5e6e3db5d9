// Turns one hooked call into one event: classify it, then take its thread, stack, arguments
// and return value, and hand it to the buffer. Shared by the Java and the native hooks.
//
// Two per-thread guards keep the record honest: calls the recorder itself causes (an
// argument's toString() reaching another hooked method) are not recorded, and a call of a
// `group` made inside another call of the same group (ActivityCompat.requestPermissions ->
// Activity.requestPermissions) is recorded once, as the outermost API the app called.
// Known gap: a thread that is not a Java thread (native code) gets a native backtrace and
// its pthread name instead of a Java stack.

import type { EventBuffer, NewEvent } from "./events.js";
import type { Sampler } from "./sampler.js";
import type { ValueWriter } from "./values.js";

export class Recorder {
    private readonly busy = new Set<number>();
    private readonly groups = new Map<string, Set<number>>();
    java: Sampler | null = null; // thread and stack of Java threads, once the VM is up

    constructor(
        readonly buffer: EventBuffer,
        readonly values: ValueWriter,
    ) {}

    /** False when this thread is already inside a call of the group (the nested call). */
    enter(group: string | null, tid: number): boolean {
        if (group === null) {
            return true;
        }
        let threads = this.groups.get(group);
        if (threads === undefined) {
            threads = new Set();
            this.groups.set(group, threads);
        }
        if (threads.has(tid)) {
            return false;
        }
        threads.add(tid);
        return true;
    }

    leave(group: string | null, tid: number): void {
        if (group !== null) {
            this.groups.get(group)?.delete(tid);
        }
    }

    /** Runs `make` unless this thread is already recording; its event goes to the buffer. */
    record(tid: number, make: () => NewEvent | null): void {
        if (this.busy.has(tid)) {
            return;
        }
        this.begin(tid);
        try {
            const event = make();
            if (event !== null) {
                this.buffer.push(event);
            }
        } catch (e) {
            this.failed("a native hook", e);
        } finally {
            this.end(tid);
        }
    }

    /** The Java hooks' inlined form of record(): begin, push, end (failed on an error). */
    begin(tid: number): void {
        this.busy.add(tid);
    }

    end(tid: number): void {
        this.busy.delete(tid);
    }

    failed(what: string, error: unknown): void {
        send({ type: "log", level: "error", text: `recording ${what} failed: ${error}` });
    }

    isRecording(tid: number): boolean {
        return this.busy.has(tid);
    }
}
