// Native reads below the Java APIs, hooked with Interceptor in libc:
// - open / open64 / __open_2, openat / openat64 / __openat_2, fopen / fopen64: paths such as
//   /sys/class/net/*/address and /proc/net/arp (MAC addresses of this device and its
//   neighbours), reported when the path matches the entry's globs;
// - __system_property_get (key and value) and __system_property_find (the first step of
//   __system_property_read and __system_property_read_callback): ro.serialno and IMEI-style
//   keys. These exist in Android's bionic only: on the host lab (glibc) they are reported as
//   missing, not as an error.
// Each name that exists is hooked once (open and open64 are often the same function); the
// event says which module called (from the return address). openat() with a directory fd and
// a relative path is matched on the full path (the directory read from /proc/self/fd). On a thread that is a Java
// thread the event carries its Java stack and name; otherwise a native backtrace and the
// pthread name.
// Why the first look is in C: these functions are called by every thread of the process,
// the JVM's own included. A JS listener takes the JS lock on every call, and HotSpot calls
// fopen() from its compiler threads (cgroup files, `os::available_memory`) while they are
// not safepoint-safe; a Java thread holding the JS lock inside a JNI call waits for the
// safepoint they block: a deadlock (seen on CI). So a C listener (CModule) compares the path
// or key with the literal prefixes of the entry's globs, and only a candidate enters JS.
// Known gaps: ioctl(SIOCGIFHWADDR), getifaddrs and netlink RTM_GETLINK are not hooked; a
// read of an already-open file (the open happened before the agent) is not seen; direct
// syscalls that bypass libc are not seen.

import Java from "frida-java-bridge";

import { globMatcher } from "./classify.js";
import { nowMs } from "./clock.js";
import type { NativeEntry } from "./config.js";
import type { Recorder } from "./recorder.js";
import type { InstallReport } from "./report.js";
import type { Sample } from "./sampler.js";

interface Hit {
    entry: NativeEntry;
    api: string;
    name: string;
    label: string;
    key: string;
    ts: number;
    valuePtr: NativePointer | null;
    caller: string;
    tid: number;
    nativeFrames: string[] | null;
}

const SIGNATURES: Record<string, string> = {
    path: "(const char*, ...)",
    property: "(const char* name, char* value)",
};

// The C side: one listener for every hooked function; `data` is the entry's Filter.
const FILTER_SOURCE = `
#include <gum/guminterceptor.h>
#include <string.h>

typedef struct {
  gint64 entry;
  gint64 arg;
  gint64 dirfd_arg;
  gint64 value_arg;
  const gchar * prefixes;
  const gchar * suffixes;
} Filter;

typedef struct {
  gint64 token;
} Pending;

extern gint64 on_candidate (gint64 entry, const gchar * key, gint64 dirfd, gpointer value,
    gpointer return_address, gpointer stack);

/* The stack pointer at the call: where a native backtrace starts (the return address). */
#if defined (__x86_64__)
# define CALL_SP(ic) ((gpointer) (ic)->cpu_context->rsp)
#elif defined (__i386__)
# define CALL_SP(ic) ((gpointer) (ic)->cpu_context->esp)
#else
# define CALL_SP(ic) ((gpointer) (ic)->cpu_context->sp)
#endif
extern void on_candidate_done (gint64 token, gpointer retval);

static gboolean
any_line_matches (const gchar * lines, const gchar * s, gboolean at_end)
{
  gsize n = strlen (s);
  const gchar * line = lines;
  while (*line != '\\0')
  {
    const gchar * end = strchr (line, '\\n');
    gsize len = (end != NULL) ? (gsize) (end - line) : strlen (line);
    if (len <= n && strncmp (at_end ? s + (n - len) : s, line, len) == 0)
      return TRUE;
    if (end == NULL)
      break;
    line = end + 1;
  }
  return FALSE;
}

void
on_enter (GumInvocationContext * ic)
{
  const Filter * f = gum_invocation_context_get_listener_function_data (ic);
  Pending * pending = GUM_IC_GET_INVOCATION_DATA (ic, Pending);
  const gchar * key = gum_invocation_context_get_nth_argument (ic, (guint) f->arg);
  gint64 dirfd = -100;
  gboolean candidate;

  pending->token = 0;
  if (key == NULL)
    return;
  if (f->dirfd_arg >= 0)
    dirfd = (gint) GPOINTER_TO_SIZE (gum_invocation_context_get_nth_argument (ic, (guint) f->dirfd_arg));
  if (key[0] != '/' && dirfd >= 0)
    candidate = any_line_matches (f->suffixes, key, TRUE);
  else
    candidate = any_line_matches (f->prefixes, key, FALSE);
  if (!candidate)
    return;
  pending->token = on_candidate (f->entry, key, dirfd,
      (f->value_arg >= 0) ? gum_invocation_context_get_nth_argument (ic, (guint) f->value_arg) : NULL,
      gum_invocation_context_get_return_address (ic), CALL_SP (ic));
}

void
on_leave (GumInvocationContext * ic)
{
  Pending * pending = GUM_IC_GET_INVOCATION_DATA (ic, Pending);
  if (pending->token != 0)
    on_candidate_done (pending->token, gum_invocation_context_get_return_value (ic));
}
`;

const FILTER_SIZE = 6 * 8; // six 8-byte fields, see Filter above

/** The literal start of each glob, up to its first wildcard, one per line. */
function literalPrefixes(globs: string[]): string {
    return globs.map(glob => glob.split(/[*?]/, 1)[0]).join("\n");
}

/** Last path parts without wildcards, for paths relative to a directory fd ("" matches all). */
function literalBasenames(globs: string[]): string {
    return globs
        .map(glob => glob.slice(glob.lastIndexOf("/") + 1))
        .map(base => (/[*?]/.test(base) ? "" : base))
        .join("\n");
}

/** Hooks what exists; the result must be kept alive as long as the hooks are in place. */
export function installNativeHooks(entries: NativeEntry[], recorder: Recorder, report: InstallReport, maxFrames: number): NativeHooks | null {
    const threadName = makeThreadNamer();
    const found: [NativeEntry, Map<string, string>][] = [];
    for (const entry of entries) {
        const seen = new Map<string, string>(); // address -> first name
        for (const name of entry.functions) {
            const address = Module.findGlobalExportByName(name);
            if (address !== null && !seen.has(address.toString())) {
                seen.set(address.toString(), name);
            }
        }
        if (seen.size === 0) {
            report.absent(entry.id, `no export named ${entry.functions.join(", ")} in this process (skipped)`);
        } else {
            found.push([entry, seen]);
        }
    }
    if (found.length === 0) {
        return null;
    }
    const hooks = new NativeHooks(recorder, threadName, maxFrames);
    for (const [entry, seen] of found) {
        for (const [address, name] of seen) {
            hooks.attach(ptr(address), name, entry);
        }
        report.hooked(entry.id);
        send({ type: "log", level: "info", text: `${entry.id}: hooked ${[...seen.values()].join(", ")}` });
    }
    return hooks;
}

/** The C listener plus the JS that records a candidate the globs really match. */
export class NativeHooks {
    private readonly filters: { entry: NativeEntry; api: string; name: string; matcher: (value: string) => string | null }[] = [];
    private readonly pending = new Map<number, Hit>();
    private nextToken = 1;
    private readonly keep: unknown[] = []; // filters and their strings must outlive the hooks
    private readonly module: CModule;

    constructor(
        private readonly recorder: Recorder,
        private readonly threadName: () => string,
        private readonly maxFrames: number,
    ) {
        const onCandidate = new NativeCallback(
            (index: Int64, key: NativePointer, dirfd: Int64, value: NativePointer, returnAddress: NativePointer, sp: NativePointer): number =>
                this.candidate(index.toNumber(), key, dirfd.toNumber(), value, returnAddress, sp),
            "int64",
            ["int64", "pointer", "int64", "pointer", "pointer", "pointer"],
        );
        const onDone = new NativeCallback(
            (token: Int64, retval: NativePointer): void => this.done(token.toNumber(), retval),
            "void",
            ["int64", "pointer"],
        );
        this.keep.push(onCandidate, onDone);
        this.module = new CModule(FILTER_SOURCE, { on_candidate: onCandidate, on_candidate_done: onDone });
    }

    attach(address: NativePointer, name: string, entry: NativeEntry): void {
        const globs = entry.map.map(([glob]) => glob);
        const prefixes = Memory.allocUtf8String(literalPrefixes(globs));
        const suffixes = Memory.allocUtf8String(literalBasenames(globs));
        const filter = Memory.alloc(FILTER_SIZE);
        filter.writeS64(this.filters.length);
        filter.add(8).writeS64(entry.arg);
        // openat(dirfd, path, ...): the path is argument 1, its directory argument 0.
        filter.add(16).writeS64(entry.role === "path" && entry.arg === 1 ? 0 : -1);
        filter.add(24).writeS64(entry.value_arg ?? -1);
        filter.add(32).writePointer(prefixes);
        filter.add(40).writePointer(suffixes);
        this.keep.push(prefixes, suffixes, filter);
        this.filters.push({ entry, api: `libc.${name}`, name, matcher: globMatcher(entry.map) });
        Interceptor.attach(address, { onEnter: this.module.on_enter, onLeave: this.module.on_leave }, filter);
    }

    /** A call C found worth a look: 0 to let it go, else a token for its on_leave. */
    private candidate(
        index: number,
        keyPtr: NativePointer,
        dirfd: number,
        value: NativePointer,
        returnAddress: NativePointer,
        sp: NativePointer,
    ): number {
        const { entry, api, name, matcher } = this.filters[index];
        let key = keyPtr.readCString();
        if (key === null) {
            return 0;
        }
        if (entry.role === "path" && entry.arg === 1 && !key.startsWith("/")) {
            key = underDirectory(dirfd, key);
        }
        const label = matcher(key);
        if (label === null) {
            return 0;
        }
        const tid = Process.getCurrentThreadId();
        if (!this.recorder.enter(entry.group, tid)) {
            return 0; // inside an outer hooked call of the same group (bionic's fopen -> open)
        }
        const module = Process.findModuleByAddress(returnAddress);
        const token = this.nextToken++;
        this.pending.set(token, {
            entry,
            api,
            name,
            label,
            key,
            ts: nowMs(),
            valuePtr: entry.value_arg === null ? null : value,
            caller: module === null ? String(returnAddress) : module.name,
            tid,
            // Off the Java VM the stack is native; read now, while the caller's frames are there.
            nativeFrames: onJavaThread(this.recorder) ? null : stackScan(sp, this.maxFrames),
        });
        return token;
    }

    private done(token: number, retval: NativePointer): void {
        const hit = this.pending.get(token);
        if (hit === undefined) {
            return;
        }
        this.pending.delete(token);
        const { entry, name } = hit;
        const recorder = this.recorder;
        recorder.leave(entry.group, hit.tid);
        recorder.record(hit.tid, () => {
            const value = hit.valuePtr === null ? null : hit.valuePtr.readCString();
            const failed = entry.role === "path" && (name.startsWith("fopen") ? retval.isNull() : retval.toInt32() < 0);
            const { thread, stack } =
                (hit.nativeFrames === null ? javaSide(recorder) : null) ??
                nativeSide(this.threadName, hit.nativeFrames ?? [], recorder);
            return {
                ts: hit.ts,
                site: recorder.buffer.site(entry.id, "read", hit.api, SIGNATURES[entry.role]),
                label: hit.label,
                thread,
                args: [hit.key, `caller=${hit.caller}`, ...(entry.role === "path" ? [failed ? "failed" : "ok"] : [])],
                ret: value === null ? null : recorder.values.write(value),
                stack,
            };
        });
    }
}

function onJavaThread(recorder: Recorder): boolean {
    return recorder.java !== null && Java.vm.tryGetEnv() !== null;
}

function javaSide(recorder: Recorder): Sample | null {
    const sampler = recorder.java;
    if (sampler === null || !onJavaThread(recorder)) {
        return null;
    }
    let side: Sample | null = null;
    Java.performNow(() => {
        side = sampler.sample();
    });
    return side;
}

const AT_FDCWD = -100;
let readlink: NativeFunction<number, [NativePointer, NativePointer, number]> | null = null;

/** openat(dirfd, "address") -> "/sys/class/net/lo/address" (unchanged when unknown). */
function underDirectory(dirfd: number, relative: string): string {
    if (dirfd === AT_FDCWD || dirfd < 0) {
        return relative;
    }
    if (readlink === null) {
        const address = Module.findGlobalExportByName("readlink");
        if (address === null) {
            return relative;
        }
        readlink = new NativeFunction(address, "int", ["pointer", "pointer", "int"]);
    }
    const buffer = Memory.alloc(4096);
    const n = readlink(Memory.allocUtf8String(`/proc/self/fd/${dirfd}`), buffer, 4095);
    return n <= 0 ? relative : `${buffer.readUtf8String(n)}/${relative}`;
}

/**
 * A fuzzy native backtrace, as Backtracer.FUZZY makes one: the words on the stack from the
 * call's stack pointer (its first word is the return address) that point into a module.
 */
function stackScan(sp: NativePointer, maxFrames: number): string[] {
    const frames: string[] = [];
    for (let i = 0; i < 2048 && frames.length < maxFrames; i++) {
        let word: NativePointer;
        try {
            word = sp.add(i * Process.pointerSize).readPointer();
        } catch (e) {
            break; // the end of the stack's mapping
        }
        const module = Process.findModuleByAddress(word);
        if (module !== null && !module.name.startsWith("frida-agent")) {
            frames.push(DebugSymbol.fromAddress(word).toString());
        }
    }
    return frames;
}

function nativeSide(threadName: () => string, frames: string[], recorder: Recorder): Sample {
    const buffer = recorder.buffer;
    return { thread: buffer.thread(threadName()), stack: buffer.stacks.idFor(frames.join("\n"), () => frames) };
}

/** pthread_getname_np on the calling thread; "tid-N" where libc lacks it. */
function makeThreadNamer(): () => string {
    const getName = Module.findGlobalExportByName("pthread_getname_np");
    const self = Module.findGlobalExportByName("pthread_self");
    if (getName === null || self === null) {
        return () => `tid-${Process.getCurrentThreadId()}`;
    }
    const pthreadGetName = new NativeFunction(getName, "int", ["pointer", "pointer", "size_t"]);
    const pthreadSelf = new NativeFunction(self, "pointer", []);
    const buffer = Memory.alloc(64);
    return () => {
        if (pthreadGetName(pthreadSelf(), buffer, 64) !== 0) {
            return `tid-${Process.getCurrentThreadId()}`;
        }
        return buffer.readCString() ?? "";
    };
}
