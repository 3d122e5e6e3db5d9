// Optional network module (Android): route the app's HTTP(S) through the lab's proxy and
// switch off certificate pinning, so mitmproxy can read what the app sends.
//
// Covers:
// - proxy: the JVM-wide http(s).proxyHost/Port properties (HttpURLConnection and OkHttp's
//   default ProxySelector read them) and okhttp3.OkHttpClient$Builder.proxy(), which apps use
//   to force Proxy.NO_PROXY;
// - OkHttp 3/4 okhttp3.CertificatePinner.check / check$okhttp: pins are not checked;
// - Conscrypt, platform (com.android.org.conscrypt) and bundled (org.conscrypt)
//   TrustManagerImpl.verifyChain / checkTrustedRecursive: the chain is accepted as given, so
//   the mitmproxy CA installed as a user CA is enough;
// - Network Security Config pins (android.security.net.config.NetworkSecurityTrustManager
//   .checkPins);
// - WebView: WebViewClient.onReceivedSslError proceeds instead of cancelling.
// Does not cover: apps' own X509TrustManager / HostnameVerifier implementations, native TLS
// (Flutter/BoringSSL, Cronet, React Native's OkHttp forks under other package names), QUIC,
// and certificate-transparency checks. Each target whose class is absent is skipped and
// reported as missing with the reason; on the host lab (a JVM) they all are, and nothing else
// changes.

import Java from "frida-java-bridge";

import type { NetworkOptions } from "./config.js";
import type { InstallReport } from "./report.js";

type Action = "noop" | "return_first_arg" | "return_empty_list" | "proceed" | "force_proxy";

interface Target {
    id: string;
    class: string;
    method: string;
    action: Action;
    needsProxy?: boolean;
}

const TARGETS: Target[] = [
    { id: "net.okhttp3.CertificatePinner.check", class: "okhttp3.CertificatePinner", method: "check", action: "noop" },
    { id: "net.okhttp3.CertificatePinner.check$okhttp", class: "okhttp3.CertificatePinner", method: "check$okhttp", action: "noop" },
    { id: "net.conscrypt.platform.verifyChain", class: "com.android.org.conscrypt.TrustManagerImpl", method: "verifyChain", action: "return_first_arg" },
    { id: "net.conscrypt.platform.checkTrustedRecursive", class: "com.android.org.conscrypt.TrustManagerImpl", method: "checkTrustedRecursive", action: "return_empty_list" },
    { id: "net.conscrypt.bundled.verifyChain", class: "org.conscrypt.TrustManagerImpl", method: "verifyChain", action: "return_first_arg" },
    { id: "net.nsc.checkPins", class: "android.security.net.config.NetworkSecurityTrustManager", method: "checkPins", action: "noop" },
    { id: "net.webview.onReceivedSslError", class: "android.webkit.WebViewClient", method: "onReceivedSslError", action: "proceed" },
    { id: "net.okhttp3.Builder.proxy", class: "okhttp3.OkHttpClient$Builder", method: "proxy", action: "force_proxy", needsProxy: true },
];

export function installNetwork(options: NetworkOptions, report: InstallReport): void {
    const proxy = options.proxy === null ? null : parseProxy(options.proxy);
    if (proxy !== null) {
        setProxyProperties(proxy);
        report.hooked("net.proxy.properties");
    }
    for (const target of TARGETS) {
        if (target.needsProxy === true ? proxy === null : !options.unpin) {
            continue;
        }
        let problem: string | null;
        try {
            problem = hook(target, proxy);
        } catch (e) {
            // One target that cannot be hooked leaves the others in place.
            report.failed({ entry: target.id, class: target.class, reason: e instanceof Error ? e.message : String(e) });
            continue;
        }
        if (problem === null) {
            report.hooked(target.id);
        } else {
            report.absent(target.id, problem);
        }
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

function hook(target: Target, proxy: [string, number] | null): string | null {
    let cls: Java.Wrapper;
    try {
        cls = Java.use(target.class);
    } catch (e) {
        return `class not found: ${target.class} (the app does not use this stack; skipped)`;
    }
    const dispatcher = (cls as unknown as Record<string, unknown>)[target.method] as Java.MethodDispatcher | undefined;
    if (dispatcher === undefined || dispatcher.overloads === undefined) {
        return `method not found: ${target.class}.${target.method} (another version of the library)`;
    }
    for (const method of dispatcher.overloads) {
        method.implementation = replacement(target.action, method, proxy);
    }
    return null;
}

function replacement(action: Action, method: Java.Method, proxy: [string, number] | null): (this: Java.Wrapper, ...args: unknown[]) => unknown {
    switch (action) {
        case "noop":
            return () => undefined;
        case "return_first_arg":
            return (...args: unknown[]) => args[0];
        case "return_empty_list":
            return () => Java.use("java.util.ArrayList").$new();
        case "proceed":
            return (...args: unknown[]) => {
                (args[1] as Java.Wrapper).proceed();
            };
        case "force_proxy":
            return function (this: Java.Wrapper) {
                const [host, port] = proxy ?? ["127.0.0.1", 8080];
                const Proxy = Java.use("java.net.Proxy");
                const Type = Java.use("java.net.Proxy$Type");
                const address = Java.use("java.net.InetSocketAddress").createUnresolved(host, port);
                return method.call(this, Proxy.$new(Type.HTTP.value, address));
            };
    }
}
