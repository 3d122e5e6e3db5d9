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
    label: string;
    key: string;
    ts: number;
    valuePtr: NativePointer | null;
    caller: string;
    outermost: boolean;
}

const SIGNATURES: Record<string, string> = {
    path: "(const char*, ...)",
    property: "(const char* name, char* value)",
};

export function installNativeHooks(entries: NativeEntry[], recorder: Recorder, report: InstallReport, maxFrames: number): void {
    const threadName = makeThreadNamer();
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
            continue;
        }
        const matcher = globMatcher(entry.map);
        for (const [address, name] of seen) {
            attach(ptr(address), name, entry, matcher, recorder, threadName, maxFrames);
        }
        report.hooked(entry.id);
        send({ type: "log", level: "info", text: `${entry.id}: hooked ${[...seen.values()].join(", ")}` });
    }
}

function attach(
    address: NativePointer,
    name: string,
    entry: NativeEntry,
    matcher: (value: string) => string | null,
    recorder: Recorder,
    threadName: () => string,
    maxFrames: number,
): void {
    const api = `libc.${name}`;
    Interceptor.attach(address, {
        onEnter(args) {
            const where = args[entry.arg];
            if (where.isNull()) {
                return;
            }
            let key: string | null;
            try {
                key = where.readCString();
            } catch (e) {
                return; // not a readable string: not a call we can classify
            }
            if (key === null) {
                return;
            }
            // A path at argument 1 is openat(dirfd, path): relative paths hang off dirfd.
            if (entry.role === "path" && entry.arg === 1 && !key.startsWith("/")) {
                key = underDirectory(args[0].toInt32(), key);
            }
            const label = matcher(key);
            if (label === null) {
                return;
            }
            const tid = this.threadId;
            const outermost = recorder.enter(entry.group, tid);
            const module = Process.findModuleByAddress(this.returnAddress);
            const hit: Hit = {
                label,
                key,
                ts: nowMs(),
                valuePtr: entry.value_arg === null ? null : args[entry.value_arg],
                caller: module === null ? String(this.returnAddress) : module.name,
                outermost,
            };
            (this as unknown as { hit: Hit }).hit = hit;
        },
        onLeave(retval) {
            const hit = (this as unknown as { hit?: Hit }).hit;
            if (hit === undefined) {
                return;
            }
            const tid = this.threadId;
            if (!hit.outermost) {
                return;
            }
            recorder.leave(entry.group, tid);
            const context = this.context;
            recorder.record(tid, () => {
                let value: string | null = null;
                if (hit.valuePtr !== null) {
                    value = hit.valuePtr.readCString();
                }
                const failed = entry.role === "path" && (name.startsWith("fopen") ? retval.isNull() : retval.toInt32() < 0);
                const { thread, stack } = javaSide() ?? nativeSide(context, threadName, maxFrames, recorder);
                return {
                    ts: hit.ts,
                    site: recorder.buffer.site(entry.id, "read", api, SIGNATURES[entry.role]),
                    label: hit.label,
                    thread,
                    args: [hit.key, `caller=${hit.caller}`, ...(entry.role === "path" ? [failed ? "failed" : "ok"] : [])],
                    ret: value === null ? null : recorder.values.write(value),
                    stack,
                };
            });
            function javaSide(): Sample | null {
                const sampler = recorder.java;
                if (sampler === null || Java.vm.tryGetEnv() === null) {
                    return null;
                }
                let side: Sample | null = null;
                Java.performNow(() => {
                    side = sampler.sample();
                });
                return side;
            }
        },
    });
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

function nativeSide(context: CpuContext, threadName: () => string, maxFrames: number, recorder: Recorder): Sample {
    const frames = Thread.backtrace(context, Backtracer.FUZZY)
        .slice(0, maxFrames)
        .map(address => DebugSymbol.fromAddress(address).toString());
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
