// Unpinning in native TLS: BoringSSL's custom verification callbacks, in the libraries that
// carry their own BoringSSL (Flutter, Cronet) and in the system's libssl (Conscrypt's).
//
// What: SSL_CTX_set_custom_verify(ctx, mode, callback) and SSL_set_custom_verify(ssl, mode,
// callback): the callback the library installs is replaced by one that answers ssl_verify_ok
// (0), so neither the chain nor a pin is checked natively.
// How: Interceptor.attach on the exported functions of every loaded module whose name is a
// BoringSSL carrier (libssl.so, libflutter.so, libcronet*.so, libsscronet.so,
// libttboringssl.so, libboringssl.so); Process.attachModuleObserver hooks one the app loads
// later (reported then). A carrier without the exports is reported with the reason.
// Known gaps: libflutter.so of release builds links BoringSSL statically without exports:
// finding ssl_verify_peer_cert there needs per-version byte patterns (not done, reported);
// OpenSSL's SSL_CTX_set_verify is not touched (the JVM does not use it; the host lab's
// libssl.so.3, if loaded, is reported as having no custom_verify).

import type { InstallReport } from "../report.js";

const FUNCTIONS = ["SSL_CTX_set_custom_verify", "SSL_set_custom_verify"];
// id suffix -> module name pattern.
const CARRIERS: [string, RegExp][] = [
    ["libssl", /^libssl\.so/],
    ["flutter", /^libflutter\.so$/],
    ["cronet", /^lib(ss)?cronet.*\.so$/],
    ["boringssl", /^lib(tt)?boringssl\.so$/],
];
const SSL_VERIFY_OK = 0;

export function unpinBoringSsl(report: InstallReport): void {
    // One callback for every hooked library, held for the agent's life.
    const acceptAll = new NativeCallback(() => SSL_VERIFY_OK, "int", ["pointer", "pointer"]);
    const hooked = new Set<string>();
    const seen = new Set<string>();
    const hookModule = (module: Module, late: boolean): void => {
        const carrier = CARRIERS.find(([, pattern]) => pattern.test(module.name));
        if (carrier === undefined || hooked.has(module.path)) {
            return;
        }
        const id = `net.boringssl.${carrier[0]}`;
        seen.add(carrier[0]);
        const found = FUNCTIONS.map((name) => [name, module.findExportByName(name)] as const).filter(([, at]) => at !== null);
        if (found.length === 0) {
            report.absent(id, `${module.name} exports no ${FUNCTIONS.join("/")} (statically linked or not BoringSSL): not unpinned`);
            return;
        }
        for (const [, at] of found) {
            Interceptor.attach(at as NativePointer, {
                onEnter(args) {
                    args[2] = acceptAll;
                },
            });
        }
        hooked.add(module.path);
        if (late) {
            report.hookedLate({ entry: id, class: module.name, loader: "dlopen", ts: Date.now() });
        } else {
            report.hooked(id);
        }
    };
    for (const module of Process.enumerateModules()) {
        hookModule(module, false);
    }
    for (const [suffix] of CARRIERS) {
        if (!seen.has(suffix)) {
            report.absent(`net.boringssl.${suffix}`, "not loaded (yet): hooked when the app loads it");
        }
    }
    Process.attachModuleObserver({ onAdded: (module) => hookModule(module, true) });
}
