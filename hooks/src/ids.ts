// Small ids for values that repeat in events (stacks, call sites, thread names): each value
// gets its id once, and new ones wait for the next batch to carry them (events.ts).

export class IdTable<T> {
    private readonly ids = new Map<string, number>();
    private unsent: [number, T][] = [];

    /** The id of the value with this key; `value` is asked only for a key not seen before. */
    idFor(key: string, value: () => T): number {
        let id = this.ids.get(key);
        if (id === undefined) {
            id = this.ids.size;
            this.ids.set(key, id);
            this.unsent.push([id, value()]);
        }
        return id;
    }

    takeUnsent(): [number, T][] {
        const out = this.unsent;
        this.unsent = [];
        return out;
    }

    get size(): number {
        return this.ids.size;
    }
}
