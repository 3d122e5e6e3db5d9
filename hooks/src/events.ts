// Batched delivery of hook events to the harness.
//
// One send() per hooked call halves the app's throughput on HotSpot; buffering and flushing
// on a timer (or when the buffer is full) keeps the cost near the bare hook cost. Every event
// carries a sequence number so the harness can prove nothing was lost. Events are compact
// positional arrays: what repeats travels once, as an id, in the batch that first uses it:
// the stack (stacks.ts), the call site (entry, kind, API and overload) and the thread name.
// `sendEach` (benchmarks only) sends every event on its own, to measure what batching saves.
//
// Each batch names the process it comes from (one agent per process of the app; the harness
// hooks every one), so events need not carry it.
//
// An event: [seq, ts, site, label, thread, args, ret, stack] or, for a permission request,
// the same plus the requested permissions; label is the category or topic of this call.
// ret is the return value as text, null, or {threw: "<exception>"} for a call that threw (an
// exception is not a value the app got: the harness keeps it apart from return values).

import type { EntryKind } from "./config.js";
import { IdTable } from "./ids.js";

/** A hooked call's outcome: its return value as text (or null), or the exception it threw. */
export type Outcome = string | null | { threw: string };

export type EventTuple =
    | [number, number, number, string, number, (string | null)[], Outcome, number]
    | [number, number, number, string, number, (string | null)[], Outcome, number, string[]];

/** What a hook hands over: everything but the sequence number. */
export interface NewEvent {
    ts: number;
    site: number;
    label: string;
    thread: number;
    args: (string | null)[];
    ret: Outcome;
    stack: number;
    perms?: string[];
}

export class EventBuffer {
    private pending: EventTuple[] = [];
    private nextSeq = 0;
    private timer: ReturnType<typeof setInterval> | null = null;
    readonly stacks = new IdTable<string[]>(); // key: the stack's text or raw-frame hash
    readonly sites = new IdTable<[string, EntryKind, string, string]>(); // entry, kind, api, sig
    readonly threads = new IdTable<string>();

    constructor(
        private readonly maxBatch: number,
        private readonly sendEach: boolean,
        private readonly process: string = "",
    ) {}

    start(intervalMs: number): void {
        if (this.timer === null) {
            this.timer = setInterval(() => this.flush(), intervalMs);
        }
    }

    /** The id of a hooked overload, registered once per overload. */
    site(entry: string, kind: EntryKind, api: string, sig: string): number {
        return this.sites.idFor(`${entry}\u0000${sig}`, () => [entry, kind, api, sig]);
    }

    thread(name: string): number {
        return this.threads.idFor(name, () => name);
    }

    push(e: NewEvent): void {
        this.add(e.ts, e.site, e.label, e.thread, e.args, e.ret, e.stack, e.perms);
    }

    /** push() without the event object: the Java hooks call this once per hooked call. */
    add(
        ts: number,
        site: number,
        label: string,
        thread: number,
        args: (string | null)[],
        ret: Outcome,
        stack: number,
        perms?: string[],
    ): void {
        const seq = this.nextSeq++;
        this.pending.push(
            perms === undefined
                ? [seq, ts, site, label, thread, args, ret, stack]
                : [seq, ts, site, label, thread, args, ret, stack, perms],
        );
        if (this.sendEach || this.pending.length >= this.maxBatch) {
            this.flush();
        }
    }

    // Each batch says how many events were produced so far, so the harness can tell a lost
    // tail from a quiet app; `always` sends that count even with nothing pending.
    flush(always = false): number {
        if (this.pending.length === 0 && !always) {
            return 0;
        }
        const batch = this.pending;
        this.pending = [];
        send({
            type: "events",
            process: this.process,
            events: batch,
            stacks: this.stacks.takeUnsent(),
            sites: this.sites.takeUnsent(),
            threads: this.threads.takeUnsent(),
            produced: this.nextSeq,
        });
        return batch.length;
    }

    get produced(): number {
        return this.nextSeq;
    }
}
