// Unpinning of the app's own trust decisions: SSLContext.init with custom TrustManagers,
// X509TrustManager implementations that pin, and HttpsURLConnection hostname verifiers.
//
// What: javax.net.ssl.SSLContext.init(KeyManager[], TrustManager[], SecureRandom): the app's
// trust managers are swapped for the platform's default ones (which trust the lab's CA: the
// system store on a phone, the JVM truststore on the host lab), and each custom X509TrustManager
// class seen there gets its checkServerTrusted switched off too (for code that calls it
// directly); X509TrustManager classes already loaded at install (not the platform's own) get the
// same; HttpsURLConnection.setHostnameVerifier / setDefaultHostnameVerifier are ignored, so the
// platform's verifier checks mitmproxy's certificate, which is made for the right name.
// How: frida-java-bridge replacements; the default trust managers come from
// TrustManagerFactory.getInstance(default algorithm).init((KeyStore) null).
// Known gaps: a custom trust manager class loaded later and never passed to SSLContext.init
// (OkHttp's sslSocketFactory(factory, trustManager) keeps its own reference) stays active;
// pins checked outside any TrustManager or HostnameVerifier are not found.

import Java from "frida-java-bridge";

import type { InstallReport } from "../report.js";

// Classes whose checkServerTrusted is the platform's own chain validation: never switched off
// (the lab's CA is trusted there; switching them off would accept any certificate at all).
const PLATFORM_PREFIXES = ["java.", "javax.", "sun.", "jdk.", "com.android.org.conscrypt.", "org.conscrypt.", "android."];
const SELF = "net.X509TrustManager.checkServerTrusted";

export function unpinTrustManagers(report: InstallReport): void {
    const neutralised = new Set<string>();
    // `loader`: the class's own loader (an app class is often invisible to the default one).
    const neutralise = (name: string, loader: Java.Wrapper | null = null): void => {
        if (neutralised.has(name) || PLATFORM_PREFIXES.some((p) => name.startsWith(p))) {
            return;
        }
        neutralised.add(name);
        try {
            const cls = loader === null ? Java.use(name) : Java.ClassFactory.get(loader).use(name);
            const dispatcher = (cls as unknown as Record<string, Java.MethodDispatcher | undefined>).checkServerTrusted;
            for (const method of dispatcher?.overloads ?? []) {
                method.implementation = () => undefined;
            }
            report.hookedLate({ entry: `${SELF}:${name}`, class: name, loader: "SSLContext.init", ts: Date.now() });
        } catch (e) {
            report.absent(`${SELF}:${name}`, `could not hook ${name}: ${e}`);
            // After the first report, only a log line reaches the harness at once.
            send({ type: "log", level: "warning", text: `unpinning: could not hook ${name}.checkServerTrusted: ${e}` });
        }
    };
    swapSslContextInit(report, neutralise);
    neutraliseLoaded(report, neutralise);
    ignoreHostnameVerifiers(report);
}

type Neutralise = (name: string, loader?: Java.Wrapper | null) => void;

function swapSslContextInit(report: InstallReport, neutralise: Neutralise): void {
    const id = "net.SSLContext.init";
    let init: Java.Method;
    try {
        init = Java.use("javax.net.ssl.SSLContext").init.overload(
            "[Ljavax.net.ssl.KeyManager;",
            "[Ljavax.net.ssl.TrustManager;",
            "java.security.SecureRandom",
        );
    } catch (e) {
        report.absent(id, `class not found: javax.net.ssl.SSLContext.init (${e}; skipped)`);
        return;
    }
    let platform: Java.Wrapper | null = null;
    const platformManagers = (): Java.Wrapper => {
        if (platform === null) {
            const Factory = Java.use("javax.net.ssl.TrustManagerFactory");
            const factory = Factory.getInstance(Factory.getDefaultAlgorithm());
            factory.init.overload("java.security.KeyStore").call(factory, null);
            platform = factory.getTrustManagers() as Java.Wrapper;
        }
        return platform;
    };
    init.implementation = function (this: Java.Wrapper, keys: unknown, managers: ArrayLike<Java.Wrapper | null> | null, random: unknown) {
        if (managers === null) {
            return init.call(this, keys, null, random); // the platform's already
        }
        // A Java array: indexed, not iterable. Its elements are typed as the (empty) TrustManager
        // interface: the runtime class is asked through java.lang.Object.
        const JObject = Java.use("java.lang.Object");
        for (let i = 0; i < managers.length; i++) {
            const manager = managers[i];
            if (manager !== null) {
                const cls = Java.cast(manager, JObject).getClass();
                neutralise(String(cls.getName()), cls.getClassLoader() as Java.Wrapper | null);
            }
        }
        return init.call(this, keys, platformManagers(), random);
    };
    report.hooked(id);
}

function neutraliseLoaded(report: InstallReport, neutralise: Neutralise): void {
    const id = "net.X509TrustManager.loaded";
    let x509: Java.Wrapper;
    try {
        x509 = Java.use("javax.net.ssl.X509TrustManager");
    } catch (e) {
        report.absent(id, `class not found: javax.net.ssl.X509TrustManager (${e}; skipped)`);
        return;
    }
    // Names first (cheap), then only the candidates are looked up.
    for (const name of Java.enumerateLoadedClassesSync()) {
        if (!name.includes("TrustManager") || PLATFORM_PREFIXES.some((p) => name.startsWith(p))) {
            continue;
        }
        try {
            if (x509.class.isAssignableFrom(Java.use(name).class)) {
                neutralise(name);
            }
        } catch (e) {
            // A class of another loader that this one cannot see: not the app's live one.
        }
    }
    report.hooked(id);
}

function ignoreHostnameVerifiers(report: InstallReport): void {
    let https: Java.Wrapper;
    try {
        https = Java.use("javax.net.ssl.HttpsURLConnection");
    } catch (e) {
        report.absent("net.HttpsURLConnection.setHostnameVerifier", `class not found: javax.net.ssl.HttpsURLConnection (${e}; skipped)`);
        return;
    }
    for (const name of ["setHostnameVerifier", "setDefaultHostnameVerifier"]) {
        const dispatcher = (https as unknown as Record<string, Java.MethodDispatcher>)[name];
        for (const method of dispatcher.overloads) {
            method.implementation = () => undefined;
        }
        report.hooked(`net.HttpsURLConnection.${name}`);
    }
}
