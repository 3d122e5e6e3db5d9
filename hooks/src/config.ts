// What the harness hands the agent through the init() RPC (see harness/agent/catalog.py).

export interface ArgFilter {
    index: number;
    equals: string[];
}

export interface CatalogEntry {
    id: string;
    class: string;
    method: string;
    overloads: "all" | string[];
    category: string;
    when_arg: ArgFilter | null;
}

export interface AgentConfig {
    entries: CatalogEntry[];
    max_frames: number;
    flush_interval_ms: number;
    max_batch: number;
}
