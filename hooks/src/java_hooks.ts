// Java hooks from the catalog: one implementation per overload. It calls the original, then
// records the call (classified; arguments, return value or the exception, thread, stack).
//
// How: `Java.use` (framework classes, at start) or a class loader's own factory (late SDK
// classes, see late_classes.ts) gives a class wrapper; each overload the entry names gets an
// `implementation`. Only methods the class itself declares are hooked, so a catalog naming
// the abstract PackageManager instead of ApplicationPackageManager fails loudly here.
// A call that throws is recorded too (the attempt is what compliance counts), then rethrown.
// Overload chains count once: an entry is a group of its own (catalog `group` joins entries),
// so only the outermost call on a thread is recorded: the one the app made.
// Each entry, and each overload, is hooked on its own: one that throws is reported failed.
// Known gaps: fields (Build.SERIAL) cannot be hooked; interfaces cannot be hooked (name the
// implementing class, e.g. a binder `$Stub$Proxy`); each overload costs a JNI transition.

import Java from "frida-java-bridge";

import { authorityMatcher, globMatcher, otherPackageMatcher, type Matcher } from "./classify.js";
import { nowMs } from "./clock.js";
import type { CatalogEntry } from "./config.js";
import type { Recorder } from "./recorder.js";

/** The app's own package, for "another app's package" filters (null until it is known). */
export type OwnPackage = () => string | null;

interface Plan {
    entry: CatalogEntry;
    api: string;
    matcher: Matcher | null;
}

export function apiOf(entry: CatalogEntry): string {
    return `${entry.class}.${entry.method === "$init" ? "<init>" : entry.method}`;
}

function planOf(entry: CatalogEntry, ownPackage: OwnPackage): Plan {
    const rule = entry.classify;
    let matcher: Matcher | null = null;
    if (rule !== null) {
        if (rule.by === "value") {
            matcher = globMatcher(rule.map);
        } else if (rule.by === "authority") {
            matcher = authorityMatcher(rule.map);
        } else {
            matcher = otherPackageMatcher(entry.label, ownPackage);
        }
    }
    return { entry, api: apiOf(entry), matcher };
}

function signatureOf(method: Java.Method): string {
    return "(" + method.argumentTypes.map(t => t.className ?? t.name).join(", ") + ")";
}

function labelOf(plan: Plan, recorder: Recorder, self: Java.Wrapper, args: unknown[]): string | null {
    const rule = plan.entry.classify;
    if (rule === null || plan.matcher === null) {
        return plan.entry.label;
    }
    let source: unknown;
    if (rule.arg !== null) {
        source = args[rule.arg];
    } else {
        const method = (self as unknown as Record<string, unknown>)[rule.self ?? ""];
        source = typeof method === "function" ? (method as () => unknown).call(self) : null;
    }
    const text = recorder.values.write(source);
    return text === null ? null : plan.matcher(text);
}

function writeAll(values: Recorder["values"], args: unknown[]): (string | null)[] {
    const out: (string | null)[] = [];
    for (let i = 0; i < args.length; i++) {
        out.push(values.write(args[i]));
    }
    return out;
}

function permissionsOf(value: unknown): string[] {
    if (value === null || value === undefined || typeof (value as { length?: unknown }).length !== "number") {
        return [];
    }
    const list = value as ArrayLike<unknown>;
    const out: string[] = [];
    for (let i = 0; i < list.length; i++) {
        out.push(String(list[i]));
    }
    return out;
}

function install(method: Java.Method, plan: Plan, recorder: Recorder): void {
    const sig = signatureOf(method);
    const { entry } = plan;
    const site = recorder.buffer.site(entry.id, entry.kind, plan.api, sig);
    // Every entry is a group of its own unless the catalog joins it to others: on ART one
    // overload calls another (getImei() -> getImei(getSlotIndex())), and the app made one call.
    const group = entry.group ?? `entry:${entry.id}`;
    // This function runs on every call of the hooked method: no closures, nothing optional.
    method.implementation = function (this: Java.Wrapper, ...args: unknown[]): unknown {
        // Stamped on entry: the data is read during the call, not when it returns.
        const ts = nowMs();
        const tid = Process.getCurrentThreadId();
        if (recorder.isRecording(tid)) {
            return method.apply(this, args);
        }
        const outermost = recorder.enter(group, tid);
        let ret: unknown = undefined;
        let error: unknown = null;
        try {
            ret = method.apply(this, args);
        } catch (e) {
            error = e;
        }
        if (outermost) {
            recorder.leave(group, tid);
            recorder.begin(tid);
            try {
                record(plan, recorder, this, args, ret, error, ts, site);
            } catch (e) {
                recorder.failed(entry.id, e);
            } finally {
                recorder.end(tid);
            }
        }
        if (error !== null) {
            throw error;
        }
        return ret;
    };
}

function record(
    plan: Plan,
    recorder: Recorder,
    self: Java.Wrapper,
    args: unknown[],
    ret: unknown,
    error: unknown,
    ts: number,
    site: number,
): void {
    const { entry } = plan;
    const label = labelOf(plan, recorder, self, args);
    if (label === null) {
        return;
    }
    const caller = recorder.java === null ? null : recorder.java.sample();
    if (caller === null) {
        return;
    }
    const values = recorder.values;
    recorder.buffer.add(
        ts,
        site,
        entry.kind === "permission_request" ? "" : label,
        caller.thread,
        writeAll(values, args),
        error !== null ? { threw: String((error as Error).message ?? error) } : values.write(ret, entry.ret),
        caller.stack,
        entry.kind === "permission_request" && entry.permissions_arg !== null
            ? permissionsOf(args[entry.permissions_arg])
            : undefined,
    );
}

/** What became of one entry: hooked, absent here (no such method), or failed (frida threw). */
export type HookOutcome =
    | { kind: "hooked" }
    | { kind: "absent"; reason: string }
    | { kind: "failed"; reason: string };

/**
 * Hooks the entries on one class wrapper, each on its own: an entry whose hook throws (an
 * abstract or native method frida cannot replace, a class the VM cannot initialise) is a
 * "failed" outcome, and the entries after it are still hooked.
 */
export function hookEntries(
    cls: Java.Wrapper,
    entries: CatalogEntry[],
    recorder: Recorder,
    ownPackage: OwnPackage,
): Map<string, HookOutcome> {
    const results = new Map<string, HookOutcome>();
    for (const entry of entries) {
        let outcome: HookOutcome;
        try {
            outcome = hookEntry(cls, entry, recorder, ownPackage);
        } catch (e) {
            outcome = { kind: "failed", reason: describeError(e) };
        }
        results.set(entry.id, outcome);
    }
    return results;
}

export function describeError(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

function hookEntry(cls: Java.Wrapper, entry: CatalogEntry, recorder: Recorder, ownPackage: OwnPackage): HookOutcome {
    const dispatcher = (cls as unknown as Record<string, unknown>)[entry.method] as Java.MethodDispatcher | undefined;
    if (dispatcher === undefined || dispatcher.overloads === undefined) {
        return { kind: "absent", reason: `method not found: ${apiOf(entry)}` };
    }
    const declared = dispatcher.overloads.filter(m => m.holder.$className === entry.class);
    if (declared.length === 0) {
        return { kind: "absent", reason: `${entry.class} does not declare ${entry.method} (inherited: hook the class that declares it)` };
    }
    const wanted = entry.overloads === "all" ? null : new Set(entry.overloads);
    const chosen = declared.filter(m => wanted === null || wanted.has(signatureOf(m)));
    if (chosen.length === 0) {
        const have = declared.map(signatureOf).join(" ");
        return { kind: "absent", reason: `no overload matches ${JSON.stringify(entry.overloads)} (have: ${have})` };
    }
    const plan = planOf(entry, ownPackage);
    // Each overload on its own too: one that cannot be replaced leaves the others hooked,
    // and the entry is reported failed, naming it (its events are then incomplete).
    const failures: string[] = [];
    for (const method of chosen) {
        try {
            install(method, plan, recorder);
        } catch (e) {
            failures.push(`${entry.method}${signatureOf(method)}: ${describeError(e)}`);
        }
    }
    if (failures.length === 0) {
        return { kind: "hooked" };
    }
    const hooked = chosen.length - failures.length;
    return { kind: "failed", reason: `${failures.join("; ")} (${hooked} of ${chosen.length} overloads hooked)` };
}

/** Entries grouped by the class they hook, in catalog order. */
export function byClass(entries: CatalogEntry[]): Map<string, CatalogEntry[]> {
    const out = new Map<string, CatalogEntry[]>();
    for (const entry of entries) {
        const list = out.get(entry.class);
        if (list === undefined) {
            out.set(entry.class, [entry]);
        } else {
            list.push(entry);
        }
    }
    return out;
}
