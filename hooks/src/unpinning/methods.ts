// Unpinning, shared: replace every overload of a Java method with a fixed behaviour, and report.
//
// What: the tables of the other unpinning files (class, method, what the replacement does).
// How: frida-java-bridge's Java.use() on the class, then `implementation` on every overload;
// a class the app does not have is reported absent with the reason ("class not found ...
// skipped"), a method missing from the app's version of the library likewise; never fatal.
// Known gaps: Java.use() resolves through the loader frida-java-bridge uses at install time,
// so a class only the app's own loader can find later (an OkHttp shipped in the APK, on ART,
// before the app's loader exists) is reported absent, not hooked late.

import Java from "frida-java-bridge";

import type { InstallReport } from "../report.js";

export type Action =
    | "noop" // void checks that throw on a bad pin: return without checking
    | "return_true" // boolean verifiers: accept
    | "return_first_arg" // chain builders: the chain as presented
    | "return_empty_list" // checkers returning what failed: nothing
    | "proceed"; // WebViewClient.onReceivedSslError: proceed instead of cancel

export interface MethodTarget {
    id: string;
    class: string;
    method: string;
    action: Action;
}

export function hookMethods(targets: readonly MethodTarget[], report: InstallReport): void {
    for (const target of targets) {
        const problem = hookMethod(target);
        if (problem === null) {
            report.hooked(target.id);
        } else {
            report.absent(target.id, problem);
        }
    }
}

function hookMethod(target: MethodTarget): string | null {
    let cls: Java.Wrapper;
    try {
        cls = Java.use(target.class);
    } catch (e) {
        return `class not found: ${target.class} (the app does not use this stack; skipped)`;
    }
    const dispatcher = (cls as unknown as Record<string, unknown>)[target.method] as Java.MethodDispatcher | undefined;
    if (dispatcher === undefined || dispatcher.overloads === undefined) {
        return `method not found: ${target.class}.${target.method} (another version of the library; skipped)`;
    }
    for (const method of dispatcher.overloads) {
        method.implementation = replacement(target.action);
    }
    return null;
}

function replacement(action: Action): (this: Java.Wrapper, ...args: unknown[]) => unknown {
    switch (action) {
        case "noop":
            return () => undefined;
        case "return_true":
            return () => true;
        case "return_first_arg":
            return (...args: unknown[]) => args[0];
        case "return_empty_list":
            return () => Java.use("java.util.ArrayList").$new();
        case "proceed":
            return (...args: unknown[]) => {
                (args[1] as Java.Wrapper).proceed();
            };
    }
}
