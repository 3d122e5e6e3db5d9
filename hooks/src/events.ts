// Batched delivery of hook events to the harness.
//
// One send() per hooked call halves the app's throughput on HotSpot; buffering and flushing
// on a timer (or when the buffer is full) keeps the cost near the bare hook cost. Every event
// carries a sequence number so the harness can prove nothing was lost.

export interface HookEventPayload {
    seq: number;
    ts: number;
    entry: string;
    category: string;
    api: string;
    sig: string;
    thread: string;
    args: (string | null)[];
    ret: string | null;
    stack: string[];
}

export class EventBuffer {
    private pending: HookEventPayload[] = [];
    private nextSeq = 0;
    private timer: ReturnType<typeof setInterval> | null = null;

    constructor(private readonly maxBatch: number) {}

    start(intervalMs: number): void {
        if (this.timer === null) {
            this.timer = setInterval(() => this.flush(), intervalMs);
        }
    }

    allocateSeq(): number {
        return this.nextSeq++;
    }

    push(event: HookEventPayload): void {
        this.pending.push(event);
        if (this.pending.length >= this.maxBatch) {
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
        send({ type: "events", events: batch, produced: this.nextSeq });
        return batch.length;
    }

    get produced(): number {
        return this.nextSeq;
    }
}
