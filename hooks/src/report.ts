// The hook-install report: which catalog entries are hooked, which are not and why.
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

export class InstallReport {
    private readonly installed = new Set<string>();
    private readonly missing = new Map<string, string>();
    private readonly late: LateInstall[] = [];
    private ready = false;

    hooked(id: string): void {
        this.installed.add(id);
        this.missing.delete(id);
    }

    absent(id: string, reason: string): void {
        if (!this.installed.has(id)) {
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

    snapshot(): { installed: string[]; missing: [string, string][]; late: LateInstall[] } {
        return {
            installed: [...this.installed],
            missing: [...this.missing.entries()],
            late: [...this.late],
        };
    }

    private send(): void {
        send({ type: "install", ...this.snapshot() });
    }
}
