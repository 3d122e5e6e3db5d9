// Unpinning: the optional module that lets mitmproxy read what an app sends over TLS it pins.
//
// What: the concerns in this folder, each in its file with its header: the app's own trust
// decisions (trust_managers.ts), the pinning of Java libraries (libraries.ts), native BoringSSL
// (boringssl.ts). Everything a process lacks is reported absent with the reason, never fatal.
// How: installed with the Java hooks when the harness asks for it (devices.yaml `unpin`: on by
// default on Android devices, off on the host lab), after the catalog's entries.
// Known gaps: see each file; QUIC is not unpinned here (transparent capture rejects it so
// apps fall back to TCP).

import type { InstallReport } from "../report.js";
import { unpinBoringSsl } from "./boringssl.js";
import { unpinLibraries } from "./libraries.js";
import { unpinTrustManagers } from "./trust_managers.js";

export function installUnpinning(report: InstallReport): void {
    const steps: [string, () => void][] = [
        ["trust managers", () => unpinTrustManagers(report)],
        ["libraries", () => unpinLibraries(report)],
        ["native BoringSSL", () => unpinBoringSsl(report)],
    ];
    // One concern failing must not leave the others out.
    for (const [what, step] of steps) {
        try {
            step();
        } catch (e) {
            const entry = `net.unpinning.${what.replace(/ /g, "_")}`;
            report.failed({ entry, class: what, reason: `installing failed: ${(e as Error).stack ?? e}` });
        }
    }
}
