// Classes that are not there when the agent starts: SDK classes in the app's own class
// loaders, plugins loaded a minute later. Their entries are hooked when a loader brings the
// class in, in that loader (the same class name in two loaders is two classes, both hooked).
//
// How, per VM:
// - HotSpot (the host lab): java.lang.ClassLoader.defineClass(String, byte[], int, int,
//   ProtectionDomain) and defineClass(String, ByteBuffer, ProtectionDomain), which every
//   loader written in Java ends in (the app loader, URLClassLoader, custom child loaders).
//   After the original returns, the new class is linked (getDeclaredMethods: frida cannot hook
//   an unlinked class) and hooked through its loader's ClassFactory, before any of its code
//   runs (apply_now.ts: the replacement is in place before the defining thread goes on).
//   Hooking inside loadClass() instead crashes: the class is loaded but not linked.
// - ART (Android): ClassLoader.loadClass(String) (explicit loads: plugins, reflection), and
//   every new BaseDexClassLoader (the app's and DexClassLoader plugins) is asked for each
//   watched class as soon as it is constructed; the loaders that exist at start are swept once.
// A class whose hooking throws is reported failed (install report) and never stops the loader.
// Known gaps: classes defined by the boot loader or by Lookup.defineClass (hidden classes) on
// HotSpot; on ART a class resolved implicitly from a loader created before the agent and not
// swept. The ART path is written against frida-java-bridge's ART support and has not been run
// on a device here.

import Java from "frida-java-bridge";

import { applyNow } from "./apply_now.js";
import type { CatalogEntry } from "./config.js";
import { describeError, hookEntries, type OwnPackage } from "./java_hooks.js";
import type { Recorder } from "./recorder.js";
import type { InstallReport } from "./report.js";
import { nowMs } from "./clock.js";

export class LateClasses {
    // Classes already hooked, per name: the same class reached through a child loader that
    // delegates to its parent must not be hooked twice.
    private readonly hooked = new Map<string, Java.Wrapper[]>();
    private readonly queues = new Map<number, [string, Java.Wrapper, Java.Wrapper | null][]>();

    constructor(
        private readonly watched: Map<string, CatalogEntry[]>,
        private readonly recorder: Recorder,
        private readonly report: InstallReport,
        private readonly ownPackage: OwnPackage,
    ) {}

    /** Installs the loader hooks for this VM; returns how (for the agent's log). */
    install(): string {
        if (this.watched.size === 0) {
            return "no classes to watch";
        }
        const ClassLoader = Java.use("java.lang.ClassLoader");
        if (Process.findModuleByName("libart.so") === null) {
            this.hookDefineClass(ClassLoader);
            return "defineClass (HotSpot)";
        }
        this.hookLoadClass(ClassLoader);
        this.hookNewDexLoaders();
        for (const loader of Java.enumerateClassLoadersSync()) {
            this.sweep(loader);
        }
        return "loadClass + BaseDexClassLoader (ART)";
    }

    /** Remembers classes hooked at start, so a loader that delegates to them is not re-hooked. */
    markHooked(name: string, cls: Java.Wrapper): void {
        this.rememberHooked(name, Java.retain(cls.class as Java.Wrapper));
    }

    private hookDefineClass(ClassLoader: Java.Wrapper): void {
        const self = this;
        const overloads = [
            ClassLoader.defineClass.overload("java.lang.String", "[B", "int", "int", "java.security.ProtectionDomain"),
            ClassLoader.defineClass.overload("java.lang.String", "java.nio.ByteBuffer", "java.security.ProtectionDomain"),
        ];
        for (const define of overloads) {
            define.implementation = function (this: Java.Wrapper, ...args: unknown[]): unknown {
                const cls = define.apply(this, args) as Java.Wrapper;
                const name = args[0];
                if (typeof name === "string" && self.watched.has(name)) {
                    self.defined(name, cls, this);
                }
                return cls;
            };
        }
    }

    private hookLoadClass(ClassLoader: Java.Wrapper): void {
        const self = this;
        const load = ClassLoader.loadClass.overload("java.lang.String");
        load.implementation = function (this: Java.Wrapper, name: string): unknown {
            const cls = load.call(this, name) as Java.Wrapper;
            if (self.watched.has(name)) {
                self.defined(name, cls, cls.getClassLoader() as Java.Wrapper | null);
            }
            return cls;
        };
    }

    private hookNewDexLoaders(): void {
        const self = this;
        let BaseDex: Java.Wrapper;
        try {
            BaseDex = Java.use("dalvik.system.BaseDexClassLoader");
        } catch (e) {
            send({ type: "log", level: "warning", text: `no BaseDexClassLoader: ${e}` });
            return;
        }
        for (const init of BaseDex.$init.overloads) {
            init.implementation = function (this: Java.Wrapper, ...args: unknown[]): unknown {
                const ret = init.apply(this, args);
                self.sweep(this);
                return ret;
            };
        }
    }

    /** Asks a loader for every watched class not hooked yet in it (ART). */
    private sweep(loader: Java.Wrapper): void {
        const factory = Java.ClassFactory.get(Java.retain(loader));
        for (const name of this.watched.keys()) {
            let cls: Java.Wrapper;
            try {
                cls = factory.use(name);
            } catch (e) {
                continue; // not in this loader
            }
            this.defined(name, cls.class as Java.Wrapper, loader);
        }
    }

    private defined(name: string, cls: Java.Wrapper, loader: Java.Wrapper | null): void {
        // Linking a class loads the classes its methods name (AdvertisingIdClient ->
        // AdvertisingIdClient$Info) on this same thread: those wait in a queue and are hooked
        // right after, still before the app's code gets either class.
        const tid = Process.getCurrentThreadId();
        let queue = this.queues.get(tid);
        if (queue !== undefined) {
            queue.push([name, Java.retain(cls), loader === null ? null : Java.retain(loader)]);
            return;
        }
        queue = [[name, Java.retain(cls), loader === null ? null : Java.retain(loader)]];
        this.queues.set(tid, queue);
        try {
            for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
                this.hookDefined(...next);
            }
        } finally {
            this.queues.delete(tid);
        }
    }

    private hookDefined(name: string, cls: Java.Wrapper, loader: Java.Wrapper | null): void {
        try {
            if (this.alreadyHooked(name, cls)) {
                return;
            }
            link(cls);
            const factory = Java.ClassFactory.get(loader);
            const wrapper = factory.use(name);
            const entries = this.watched.get(name) ?? [];
            seedArrayTypes(factory, wrapper, entries);
            const results = applyNow(() => hookEntries(wrapper, entries, this.recorder, this.ownPackage));
            this.rememberHooked(name, cls);
            const where = loader === null ? "boot" : String(loader);
            for (const [id, outcome] of results) {
                if (outcome.kind === "hooked") {
                    this.report.hookedLate({ entry: id, class: name, loader: where, ts: nowMs() });
                } else if (outcome.kind === "absent") {
                    this.report.absent(id, `${outcome.reason} (loaded late by ${where})`);
                } else {
                    this.report.failed({ entry: id, class: name, reason: `${outcome.reason} (loaded late by ${where})` });
                }
            }
        } catch (e) {
            // Linking or wrapping the class threw: its entries are reported, the app goes on,
            // and the next class a loader defines is hooked as usual.
            const reason = `hooking the late class failed: ${describeError(e)}`;
            send({ type: "log", level: "error", text: `${reason} (${name})` });
            for (const entry of this.watched.get(name) ?? []) {
                this.report.failed({ entry: entry.id, class: name, reason });
            }
        }
    }

    private alreadyHooked(name: string, cls: Java.Wrapper): boolean {
        const env = Java.vm.getEnv();
        for (const other of this.hooked.get(name) ?? []) {
            if (env.isSameObject(other.$h, cls.$h) === true) {
                return true;
            }
        }
        return false;
    }

    private rememberHooked(name: string, cls: Java.Wrapper): void {
        const list = this.hooked.get(name);
        if (list === undefined) {
            this.hooked.set(name, [cls]);
        } else {
            list.push(cls);
        }
    }
}

/**
 * Links the class: frida reads the methods of a linked class only. getDeclaredMethods() links
 * it, then resolves every parameter type: a method naming a class the app does not ship (an
 * optional library) makes it throw after linking. getDeclaredFields() links without that, so
 * that one method, not the whole class, is what fails to hook (reported per entry).
 */
function link(cls: Java.Wrapper): void {
    try {
        cls.getDeclaredMethods();
    } catch (e) {
        cls.getDeclaredFields();
    }
}

/**
 * A loader's ClassFactory finds classes with loader.loadClass(), which cannot load array
 * classes: frida-java-bridge then fails to convert a String[] argument of a hooked method and
 * the app gets a ClassNotFoundException. Array types of boot classes are the same in every
 * loader, so the default factory's wrappers (found with JNI FindClass) are handed to it.
 */
function seedArrayTypes(factory: Java.ClassFactory, wrapper: Java.Wrapper, entries: CatalogEntry[]): void {
    const cache = (factory as unknown as { _classes: Record<string, unknown> })._classes;
    if (cache === undefined) {
        return;
    }
    for (const entry of entries) {
        let dispatcher: Java.MethodDispatcher | undefined;
        try {
            dispatcher = (wrapper as unknown as Record<string, unknown>)[entry.method] as Java.MethodDispatcher | undefined;
        } catch (e) {
            continue; // frida cannot build this method: hookEntries reports it for its entry
        }
        for (const method of dispatcher?.overloads ?? []) {
            for (const type of [...method.argumentTypes, method.returnType]) {
                const name = type.name;
                if (name.startsWith("[") && !(name in cache)) {
                    try {
                        cache[name] = Java.use(name);
                    } catch (e) {
                        // An array of the app's own classes: not found from here; left as is.
                    }
                }
            }
        }
    }
}
