// Who is calling: the calling Java thread's name and the id of its stack in the stack table.
//
// NativeCapture (capture.ts) does it in one native call and JS reads a string only when its
// hash is new (raw JVMTI frames where there is JVMTI, else the stack's text); where CModule
// cannot be built, the JNI-from-JS reader (stacks.ts) reads both strings on every call.

import type { Captured, NativeCapture } from "./capture.js";
import type { EventBuffer } from "./events.js";
import { splitFrames, type JavaStackReader } from "./stacks.js";

export interface Sample {
    thread: number; // id in the event buffer's thread table
    stack: number; // id in its stack table
}

export interface Sampler {
    readonly how: string;
    sample(): Sample | null;
}

export class NativeSampler implements Sampler {
    readonly how: string;
    private readonly names = new Map<number, [number, number]>(); // hash -> [length, id]
    private readonly rawStacks = new Map<string, number>(); // raw key -> stack id

    constructor(
        private readonly capture: NativeCapture,
        private readonly buffer: EventBuffer,
    ) {
        this.how = capture.how;
    }

    sample(): Sample | null {
        const ids = this.capture.ids();
        if (ids >= 0) {
            const thread = ids % 1048576;
            return { thread, stack: (ids - thread) / 1048576 };
        }
        // A miss: the capture buffers are this thread's until release().
        try {
            return this.miss(ids);
        } finally {
            this.capture.release();
        }
    }

    private miss(ids: number): Sample | null {
        const raw = ids === -1 ? this.capture.lastCapture() : null;
        if (raw !== null) {
            const rawKey = `${raw.stackHash}/${raw.stackLength}`;
            let stack = this.rawStacks.get(rawKey);
            if (stack === undefined) {
                const text = this.capture.text();
                if (text === null) {
                    return null;
                }
                stack = this.textStack(text);
                this.rawStacks.set(rawKey, stack);
            }
            const thread = this.name(raw);
            this.capture.remember(raw, stack, thread);
            return { thread, stack };
        }
        const text = this.capture.text();
        return text === null ? null : { thread: this.name(text), stack: this.textStack(text) };
    }

    private textStack(c: Captured): number {
        const key = `${c.stackHash}/${c.stackLength}`;
        return this.buffer.stacks.idFor(key, () => splitFrames(this.capture.stackText(c.stackLength)));
    }

    private name(c: Captured): number {
        let name = this.names.get(c.nameHash);
        if (name === undefined || name[0] !== c.nameLength) {
            name = [c.nameLength, this.buffer.thread(this.capture.nameText(c.nameLength))];
            this.names.set(c.nameHash, name);
        }
        return name[1];
    }
}

export class JniSampler implements Sampler {
    readonly how = "JNI from JS";

    constructor(
        private readonly reader: JavaStackReader,
        private readonly buffer: EventBuffer,
    ) {}

    sample(): Sample {
        const frames = this.reader.frames();
        return {
            thread: this.buffer.thread(this.reader.threadName()),
            stack: this.buffer.stacks.idFor(frames.join("\n"), () => frames),
        };
    }
}
