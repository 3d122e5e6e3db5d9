// Per-call classification: which category (or topic) one call carries, or none.
//
// A catalog entry either names its category outright or gives a table: glob patterns over a
// value (a settings key, a property, a path, a shell command), exact content:// authorities,
// or "another app's package". A call whose value no pattern matches is not reported: that is
// how Settings.Secure.getString is reported for "android_id" and not for "font_scale".
// Known gaps: authorities are compared exactly ("com.android.contacts.foo" is not contacts);
// the app's own package comes from ActivityThread.currentPackageName(), so a call made before
// the app is bound to its package (very early on Android) counts as another app's.

export type Matcher = (value: string) => string | null;

function globToRegExp(glob: string): RegExp {
    let source = "";
    for (const ch of glob) {
        if (ch === "*") {
            source += ".*";
        } else if (ch === "?") {
            source += ".";
        } else {
            source += ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
        }
    }
    return new RegExp(`^${source}$`, "s");
}

/** First matching glob wins, in catalog order. */
export function globMatcher(table: [string, string][]): Matcher {
    const compiled = table.map(([glob, label]) => [globToRegExp(glob), label] as const);
    return (value: string) => {
        for (const [re, label] of compiled) {
            if (re.test(value)) {
                return label;
            }
        }
        return null;
    };
}

/** content://[user@]authority/path -> authority, or null for anything else. */
export function authorityOf(uri: string): string | null {
    const match = /^content:\/\/([^/?#]*)/.exec(uri);
    if (match === null) {
        return null;
    }
    const authority = match[1];
    const at = authority.lastIndexOf("@"); // content://10@com.android.contacts: user 10
    return at >= 0 ? authority.slice(at + 1) : authority;
}

export function authorityMatcher(table: [string, string][]): Matcher {
    const exact = new Map(table);
    return (value: string) => {
        const authority = authorityOf(value);
        return authority === null ? null : exact.get(authority) ?? null;
    };
}

export function otherPackageMatcher(label: string, ownPackage: () => string | null): Matcher {
    return (value: string) => (value === ownPackage() ? null : label);
}
