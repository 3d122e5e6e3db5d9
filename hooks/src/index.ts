// The harness's Frida agent. A small RPC surface: init(config) installs the catalog's hooks
// (now, or as soon as the Java VM exists), flush() delivers buffered events, stats() counts,
// dispose() flushes when the process exits.
// Messages to the harness: {type: "install"}, {type: "events"}, {type: "log"}.

import type { AgentConfig } from "./config.js";
import { EventBuffer } from "./events.js";
import { installJavaHooks } from "./java_hooks.js";
import { whenJavaReady } from "./jvm_boot.js";

let buffer: EventBuffer | null = null;

rpc.exports = {
    init(config: AgentConfig): string {
        if (buffer !== null) {
            throw new Error("init() was already called");
        }
        const events = new EventBuffer(config.max_batch);
        buffer = events;
        events.start(config.flush_interval_ms);
        return whenJavaReady(() => {
            const report = installJavaHooks(config, events);
            send({ type: "install", installed: report.installed, missing: report.missing });
        });
    },
    flush(): number {
        return buffer === null ? 0 : buffer.flush(true);
    },
    // Frida calls dispose() when the script unloads, including when the process exits: the
    // last batch must not die with the process.
    dispose(): void {
        buffer?.flush(true);
    },
    stats(): { produced: number } {
        return { produced: buffer === null ? 0 : buffer.produced };
    },
};
