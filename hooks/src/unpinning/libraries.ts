// Unpinning in Java libraries: the pinning checks of OkHttp 3/4 and 2, TrustKit, Conscrypt,
// Android's Network Security Config and WebView, switched off.
//
// What: okhttp3.CertificatePinner.check / check$okhttp and com.squareup.okhttp
// .CertificatePinner.check (pins not checked); TrustKit's PinningTrustManager
// .checkServerTrusted and OkHostnameVerifier.verify; Conscrypt, platform
// (com.android.org.conscrypt) and bundled (org.conscrypt): TrustManagerImpl.verifyChain (the
// chain as presented) and checkTrustedRecursive (no failure), OpenSSLSocketImpl and
// ConscryptEngine.verifyCertificateChain (no check); NetworkSecurityTrustManager.checkPins
// (NSC <pin-set>); WebViewClient.onReceivedSslError (proceed).
// How: methods.ts replaces every overload; each absent class is reported and skipped.
// Known gaps: OkHttp forks under other package names (React Native's, obfuscated copies:
// their class names are unknown here), certificate-transparency checks, and pins checked by
// hand-written code that is neither an X509TrustManager nor a HostnameVerifier.

import type { InstallReport } from "../report.js";
import { hookMethods, type MethodTarget } from "./methods.js";

const CONSCRYPTS: [string, string][] = [
    ["platform", "com.android.org.conscrypt"],
    ["bundled", "org.conscrypt"],
];

const TARGETS: MethodTarget[] = [
    { id: "net.okhttp3.CertificatePinner.check", class: "okhttp3.CertificatePinner", method: "check", action: "noop" },
    { id: "net.okhttp3.CertificatePinner.check$okhttp", class: "okhttp3.CertificatePinner", method: "check$okhttp", action: "noop" },
    { id: "net.okhttp2.CertificatePinner.check", class: "com.squareup.okhttp.CertificatePinner", method: "check", action: "noop" },
    { id: "net.trustkit.PinningTrustManager.checkServerTrusted", class: "com.datatheorem.android.trustkit.pinning.PinningTrustManager", method: "checkServerTrusted", action: "noop" },
    { id: "net.trustkit.OkHostnameVerifier.verify", class: "com.datatheorem.android.trustkit.pinning.OkHostnameVerifier", method: "verify", action: "return_true" },
    ...CONSCRYPTS.flatMap(([where, pkg]): MethodTarget[] => [
        { id: `net.conscrypt.${where}.verifyChain`, class: `${pkg}.TrustManagerImpl`, method: "verifyChain", action: "return_first_arg" },
        { id: `net.conscrypt.${where}.checkTrustedRecursive`, class: `${pkg}.TrustManagerImpl`, method: "checkTrustedRecursive", action: "return_empty_list" },
        { id: `net.conscrypt.${where}.OpenSSLSocketImpl.verifyCertificateChain`, class: `${pkg}.OpenSSLSocketImpl`, method: "verifyCertificateChain", action: "noop" },
        { id: `net.conscrypt.${where}.ConscryptEngine.verifyCertificateChain`, class: `${pkg}.ConscryptEngine`, method: "verifyCertificateChain", action: "noop" },
    ]),
    { id: "net.nsc.checkPins", class: "android.security.net.config.NetworkSecurityTrustManager", method: "checkPins", action: "noop" },
    { id: "net.webview.onReceivedSslError", class: "android.webkit.WebViewClient", method: "onReceivedSslError", action: "proceed" },
];

export function unpinLibraries(report: InstallReport): void {
    hookMethods(TARGETS, report);
}
