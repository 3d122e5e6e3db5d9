// Optional network module (Android): force the app's HTTP(S) to the lab's proxy (proxy capture)
// and switch off certificate pinning (unpinning/, each concern in its own file).
//
// Covers (proxy): the JVM-wide http(s).proxyHost/Port properties (HttpURLConnection and
// OkHttp's default ProxySelector read them) and okhttp3.OkHttpClient$Builder.proxy(), which
// apps use to force Proxy.NO_PROXY. Given only in proxy capture: transparent and WireGuard
// capture catch the app's connections wherever they go.
// Does not cover: apps that open sockets themselves or use native stacks (Flutter/Dart,
// Cronet's own proxy resolution): transparent capture sees them, proxy capture does not.
// Each target whose class is absent is skipped and reported as missing with the reason.

import Java from "frida-java-bridge";

import type { NetworkOptions } from "./config.js";
import type { InstallReport } from "./report.js";
import { installUnpinning } from "./unpinning/index.js";

const BUILDER = "okhttp3.OkHttpClient$Builder";

export function installNetwork(options: NetworkOptions, report: InstallReport): void {
    const proxy = options.proxy === null ? null : parseProxy(options.proxy);
    if (proxy !== null) {
        setProxyProperties(proxy);
        report.hooked("net.proxy.properties");
        try {
            const problem = forceOkHttpProxy(proxy);
            if (problem === null) {
                report.hooked("net.okhttp3.Builder.proxy");
            } else {
                report.absent("net.okhttp3.Builder.proxy", problem);
            }
        } catch (e) {
            // A target whose class is there but cannot be hooked: reported, the rest installs.
            report.failed({ entry: "net.okhttp3.Builder.proxy", class: BUILDER, reason: e instanceof Error ? e.message : String(e) });
        }
    }
    if (options.unpin) {
        installUnpinning(report);
    }
}

function parseProxy(text: string): [string, number] {
    const colon = text.lastIndexOf(":");
    const port = Number(text.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(port)) {
        throw new Error(`network.proxy must be host:port, not ${JSON.stringify(text)}`);
    }
    return [text.slice(0, colon), port];
}

function setProxyProperties([host, port]: [string, number]): void {
    const System = Java.use("java.lang.System");
    for (const scheme of ["http", "https"]) {
        System.setProperty(`${scheme}.proxyHost`, host);
        System.setProperty(`${scheme}.proxyPort`, String(port));
    }
}

function forceOkHttpProxy([host, port]: [string, number]): string | null {
    let builder: Java.Wrapper;
    try {
        builder = Java.use(BUILDER);
    } catch (e) {
        return `class not found: ${BUILDER} (the app does not use this stack; skipped)`;
    }
    for (const method of builder.proxy.overloads) {
        method.implementation = function (this: Java.Wrapper) {
            const Proxy = Java.use("java.net.Proxy");
            const Type = Java.use("java.net.Proxy$Type");
            const address = Java.use("java.net.InetSocketAddress").createUnresolved(host, port);
            return method.call(this, Proxy.$new(Type.HTTP.value, address));
        };
    }
    return null;
}
