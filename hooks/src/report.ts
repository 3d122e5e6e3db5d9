// The hook-install report: which catalog entries are hooked, which are absent and why (no
// such class or method here), and which failed (the hook itself threw: a hole in the evidence).
//
// Sent as {type: "install"} once the Java hooks are in (the harness waits for it before it
// drives the app), and sent again whenever a class loader defines an SDK class late and its
// entries get hooked: the last report the harness received is the state at the end.

export interface LateInstall {
    entry: string;
    class: string;
    loader: string;
    ts: number;
}

/** A hook the agent tried to install and could not (frida or the VM threw). */
export interface FailedHook {
    entry: string;
    class: string;
    reason: string;
}

export class InstallReport {
    private readonly installed = new Set<string>();
    private readonly missing = new Map<string, string>();
    private readonly failures = new Map<string, FailedHook>();
    private readonly late: LateInstall[] = [];
    private ready = false;

    hooked(id: string): void {
        this.installed.add(id);
        this.missing.delete(id);
        this.failures.delete(id);
    }

    /**
     * An entry whose class or method exists but whose hook threw: unlike a missing class (an
     * app without that SDK), it is a hole in the evidence. A late class that fails after
     * the first report re-sends it, so the last report says so.
     */
    failed(failure: FailedHook): void {
        if (this.installed.has(failure.entry)) {
            return; // hooked in another loader: that one records
        }
        this.missing.delete(failure.entry);
        this.failures.set(failure.entry, failure);
        if (this.ready) {
            this.send();
        }
    }

    absent(id: string, reason: string): void {
        if (!this.installed.has(id) && !this.failures.has(id)) {
            this.missing.set(id, reason);
        }
    }

    hookedLate(install: LateInstall): void {
        this.hooked(install.entry);
        this.late.push(install);
        if (this.ready) {
            this.send();
        }
    }

    /** The first report: from now on every change is sent as it happens. */
    publish(): void {
        this.ready = true;
        this.send();
    }

    snapshot(): { installed: string[]; missing: [string, string][]; failed: FailedHook[]; late: LateInstall[] } {
        return {
            installed: [...this.installed],
            missing: [...this.missing.entries()],
            failed: [...this.failures.values()],
            late: [...this.late],
        };
    }

    private send(): void {
        send({ type: "install", ...this.snapshot() });
    }
}
