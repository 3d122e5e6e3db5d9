// The harness's Frida agent. A small RPC surface: init(config) installs the native hooks at
// once and the Java hooks as soon as the Java VM exists (before the app's first line);
// flush() delivers buffered events; report() returns the install report; stats() counts;
// dispose() flushes when the process exits.
// One failing hook never skips the rest: each class, each entry, the late-class hooks and the
// network module are installed on their own, and a failure is in the report's `failed` list.
// Messages to the harness: {type: "install"}, {type: "events"}, {type: "log"}.

import Java from "frida-java-bridge";

import { applyNow } from "./apply_now.js";
import type { AgentConfig, CatalogEntry } from "./config.js";
import { EventBuffer } from "./events.js";
import { byClass, describeError, hookEntries, type OwnPackage } from "./java_hooks.js";
import { whenJavaReady } from "./jvm_boot.js";
import { LateClasses } from "./late_classes.js";
import { installNativeHooks, type NativeHooks } from "./native_hooks.js";
import { installNetwork } from "./network.js";
import { Recorder } from "./recorder.js";
import { InstallReport } from "./report.js";
import { NativeCapture } from "./capture.js";
import { JniSampler, NativeSampler } from "./sampler.js";
import { JavaStackReader } from "./stacks.js";
import { ValueWriter } from "./values.js";

interface Agent {
    buffer: EventBuffer;
    report: InstallReport;
    native: NativeHooks | null;
}

let agent: Agent | null = null;

function log(level: string, text: string): void {
    send({ type: "log", level, text });
}

/** android.app.ActivityThread.currentPackageName(), once it answers (null before). */
function ownPackageResolver(): OwnPackage {
    let activityThread: Java.Wrapper | null = null;
    try {
        activityThread = Java.use("android.app.ActivityThread");
    } catch (e) {
        log("warning", `no android.app.ActivityThread: own-package filters see every package as another app's (${e})`);
    }
    let known: string | null = null;
    return () => {
        if (known === null && activityThread !== null) {
            known = (activityThread.currentPackageName() as string | null) ?? null;
        }
        return known;
    };
}

function installJava(config: AgentConfig, recorder: Recorder, report: InstallReport): void {
    const reader = new JavaStackReader(config.max_frames);
    recorder.values.java = (handle: NativePointer) => reader.describe(handle);
    try {
        recorder.java = new NativeSampler(new NativeCapture(config.max_frames), recorder.buffer);
    } catch (e) {
        log("warning", `no CModule here (${e}): stacks are read through JNI from JS, slower`);
        recorder.java = new JniSampler(reader, recorder.buffer);
    }
    log("info", `stacks and thread names: ${recorder.java.how}`);
    const ownPackage = ownPackageResolver();
    const classes = byClass(config.entries);
    const late = new LateClasses(classes, recorder, report, ownPackage);
    for (const [name, entries] of classes) {
        // One class at a time, each entry on its own (hookEntries): whatever throws is
        // reported for the entries it concerns, and the next class is still hooked.
        try {
            hookClassAtStart(name, entries, recorder, report, ownPackage, late);
        } catch (e) {
            for (const entry of entries) {
                report.failed({ entry: entry.id, class: name, reason: describeError(e) });
            }
        }
    }
    try {
        log("info", `late classes: ${late.install()}`);
    } catch (e) {
        const reason = `the class-loader hooks failed, classes loaded later are not hooked: ${describeError(e)}`;
        log("error", reason);
        for (const [name, entries] of classes) {
            for (const entry of entries) {
                if (entry.scope === "sdk") {
                    report.failed({ entry: entry.id, class: name, reason });
                }
            }
        }
    }
    if (config.network !== null) {
        try {
            installNetwork(config.network, report);
        } catch (e) {
            log("error", `the network module failed: ${describeError(e)}`);
            report.failed({ entry: "net", class: "", reason: `the network module failed: ${describeError(e)}` });
        }
    }
}

function hookClassAtStart(
    name: string,
    entries: CatalogEntry[],
    recorder: Recorder,
    report: InstallReport,
    ownPackage: OwnPackage,
    late: LateClasses,
): void {
    const atStart: CatalogEntry[] = [];
    for (const entry of entries) {
        if (entry.scope === "sdk") {
            report.absent(entry.id, `not loaded (yet): hooked when a class loader defines ${name}`);
        } else {
            atStart.push(entry);
        }
    }
    if (atStart.length === 0) {
        return;
    }
    let cls: Java.Wrapper;
    try {
        cls = Java.use(name);
    } catch (e) {
        // Not there (an app without that SDK) is absent; there but unusable (its static
        // initialiser threw when JNI FindClass initialised it, a broken superclass) failed.
        const why = describeError(e);
        const absent = /ClassNotFoundException|NoClassDefFoundError/.test(why);
        for (const entry of atStart) {
            if (absent) {
                report.absent(entry.id, `class not found: ${name}`);
            } else {
                report.failed({ entry: entry.id, class: name, reason: `the class cannot be used: ${why}` });
            }
        }
        return;
    }
    for (const [id, outcome] of hookEntries(cls, atStart, recorder, ownPackage)) {
        if (outcome.kind === "hooked") {
            report.hooked(id);
        } else if (outcome.kind === "absent") {
            report.absent(id, outcome.reason);
        } else {
            report.failed({ entry: id, class: name, reason: outcome.reason });
        }
    }
    late.markHooked(name, cls);
}

rpc.exports = {
    init(config: AgentConfig): string {
        if (agent !== null) {
            throw new Error("init() was already called");
        }
        const buffer = new EventBuffer(config.max_batch, config.send_each, config.process ?? "");
        const report = new InstallReport();
        buffer.start(config.flush_interval_ms);
        const recorder = new Recorder(buffer, new ValueWriter(config.max_value_chars));
        // Held for the agent's life: the native listeners call into it.
        agent = { buffer, report, native: installNativeHooks(config.native, recorder, report, config.max_frames) };
        return whenJavaReady(() => {
            try {
                // Before main() runs: every replacement in place before this thread goes on.
                applyNow(() => installJava(config, recorder, report));
            } catch (e) {
                log("error", `installing the Java hooks failed: ${(e as Error).stack ?? e}`);
            }
            report.publish();
        });
    },
    flush(): number {
        return agent === null ? 0 : agent.buffer.flush(true);
    },
    report(): ReturnType<InstallReport["snapshot"]> | null {
        return agent === null ? null : agent.report.snapshot();
    },
    // Frida calls dispose() when the script unloads, including when the process exits: the
    // last batch must not die with the process.
    dispose(): void {
        agent?.buffer.flush(true);
    },
    stats(): { produced: number; stacks: number } {
        return agent === null ? { produced: 0, stacks: 0 } : { produced: agent.buffer.produced, stacks: agent.buffer.stacks.size };
    },
};
