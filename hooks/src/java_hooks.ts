// Java hooks installed from the catalog: one implementation per overload, which calls the
// original, then records the call (arguments, return value, thread, Java stack).
//
// Known gaps: a class absent from the class path is reported as missing, not retried (a later
// issue hooks classes when their loader loads them); fields (Build.SERIAL) cannot be hooked.

import Java from "frida-java-bridge";

import { nowMs } from "./clock.js";
import type { AgentConfig, CatalogEntry } from "./config.js";
import type { EventBuffer } from "./events.js";

export interface InstallReport {
    installed: string[];
    missing: [string, string][];
}

interface Runtime {
    thread: Java.Wrapper;
    throwable: Java.Wrapper;
}

function describe(value: unknown): string | null {
    if (value === null || value === undefined) {
        return null;
    }
    if (typeof value === "object" && value !== null && "toString" in value) {
        try {
            return String((value as { toString(): string }).toString());
        } catch (e) {
            return `<unprintable: ${e}>`;
        }
    }
    return String(value);
}

function signatureOf(method: Java.Method): string {
    return "(" + method.argumentTypes.map(t => t.className ?? t.name).join(", ") + ")";
}

function stackOf(rt: Runtime, maxFrames: number): string[] {
    const frames = rt.throwable.$new().getStackTrace();
    const out: string[] = [];
    const n = Math.min(frames.length, maxFrames);
    for (let i = 0; i < n; i++) {
        out.push(frames[i].toString());
    }
    return out;
}

function hookEntry(entry: CatalogEntry, config: AgentConfig, rt: Runtime, buffer: EventBuffer): string | null {
    let cls: Java.Wrapper;
    try {
        cls = Java.use(entry.class);
    } catch (e) {
        return `class not found: ${entry.class}`;
    }
    const dispatcher = cls[entry.method] as Java.MethodDispatcher | undefined;
    if (dispatcher === undefined || dispatcher.overloads === undefined) {
        return `method not found: ${entry.class}.${entry.method}`;
    }
    const wanted = entry.overloads === "all" ? null : new Set(entry.overloads);
    const chosen = dispatcher.overloads.filter(m => wanted === null || wanted.has(signatureOf(m)));
    if (chosen.length === 0) {
        const have = dispatcher.overloads.map(signatureOf).join(" ");
        return `no overload matches ${JSON.stringify(entry.overloads)} (have: ${have})`;
    }
    const api = `${entry.class}.${entry.method}`;
    const filter = entry.when_arg;
    for (const method of chosen) {
        const sig = signatureOf(method);
        method.implementation = function (this: Java.Wrapper, ...args: unknown[]): unknown {
            // Stamped on entry: the data is read during the call, not when it returns.
            const ts = nowMs();
            const ret = method.apply(this, args);
            try {
                if (filter !== null) {
                    const arg = describe(args[filter.index]);
                    if (arg === null || !filter.equals.includes(arg)) {
                        return ret;
                    }
                }
                buffer.push({
                    seq: buffer.allocateSeq(),
                    ts,
                    entry: entry.id,
                    category: entry.category,
                    api,
                    sig,
                    thread: rt.thread.currentThread().getName(),
                    args: args.map(describe),
                    ret: describe(ret),
                    stack: stackOf(rt, config.max_frames),
                });
            } catch (e) {
                send({ type: "log", level: "error", text: `recording ${entry.id} failed: ${e}` });
            }
            return ret;
        };
    }
    return null;
}

export function installJavaHooks(config: AgentConfig, buffer: EventBuffer): InstallReport {
    const report: InstallReport = { installed: [], missing: [] };
    const rt: Runtime = {
        thread: Java.use("java.lang.Thread"),
        throwable: Java.use("java.lang.Throwable"),
    };
    for (const entry of config.entries) {
        const problem = hookEntry(entry, config, rt, buffer);
        if (problem === null) {
            report.installed.push(entry.id);
        } else {
            report.missing.push([entry.id, problem]);
        }
    }
    return report;
}
