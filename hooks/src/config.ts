// What the harness hands the agent through the init() RPC (see harness/agent/catalog.py and
// harness/agent/session.py). Plain data: the agent never reads files or globals for it.

export type EntryKind = "read" | "permission_request" | "context";

export interface Classify {
    arg: number | null; // the argument that decides ...
    self: string | null; // ... or a no-argument method of the receiver (ProcessBuilder.command)
    by: "value" | "authority" | "other_package";
    map: [string, string][]; // pattern -> category (read) or topic (context)
}

export interface CatalogEntry {
    id: string;
    class: string;
    method: string;
    overloads: "all" | string[];
    kind: EntryKind;
    label: string; // the category (read) or topic (context) when no classify map decides
    scope: "framework" | "sdk";
    classify: Classify | null;
    permissions_arg: number | null;
    ret: "text" | "mac_bytes";
    group: string | null;
}

export interface NativeEntry {
    id: string;
    functions: string[];
    role: "path" | "property";
    arg: number;
    value_arg: number | null;
    map: [string, string][];
    group: string | null;
}

export interface NetworkOptions {
    unpin: boolean;
    proxy: string | null; // "host:port", or null to leave the app's proxy alone
}

export interface AgentConfig {
    entries: CatalogEntry[];
    native: NativeEntry[];
    framework_frames: string[];
    max_frames: number;
    max_value_chars: number;
    flush_interval_ms: number;
    max_batch: number;
    send_each: boolean; // one send() per event (benchmarks only: it halves throughput)
    network: NetworkOptions | null;
    // The app process this agent runs in ("com.example", "com.example:push"), as the harness
    // named it when it caught the process; every batch carries it. "" when unknown.
    process: string;
}
