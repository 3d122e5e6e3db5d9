// How arguments and return values are written into events: short strings, never raw objects.
//
// Java objects are written with java.lang.Object.toString() called through raw JNI (one call,
// jni.ts; a wrapper typed as an interface, such as the List that ProcessBuilder.command()
// returns, has no JS toString of its own), arrays element by element, long text cut to the
// configured size with a note of how much was cut. Identifier values stay whole (they are
// short) so the traffic matcher can search for what the app actually read.
// Known gaps: a toString() that throws is written as <unprintable: ...>; maps and
// collections are written as their toString() gives them.

export type ValueFormat = "text" | "mac_bytes";

/** java.lang.Object.toString() of a JNI reference (set once the Java VM is up). */
export type JavaText = (handle: NativePointer) => string;

export class ValueWriter {
    java: JavaText | null = null;

    constructor(private readonly maxChars: number) {}

    cut(text: string): string {
        if (text.length <= this.maxChars) {
            return text;
        }
        return `${text.slice(0, this.maxChars)}…(+${text.length - this.maxChars} chars)`;
    }

    write(value: unknown, format: ValueFormat = "text"): string | null {
        if (value === null || value === undefined) {
            return null;
        }
        if (typeof value === "string") {
            return this.cut(value);
        }
        if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
            return String(value);
        }
        if (isArrayLike(value)) {
            if (format === "mac_bytes") {
                return macOf(value);
            }
            const parts: string[] = [];
            for (let i = 0; i < value.length; i++) {
                parts.push(this.write(value[i]) ?? "null");
            }
            return this.cut(`[${parts.join(", ")}]`);
        }
        try {
            const handle = (value as { $h?: unknown }).$h;
            if (handle instanceof NativePointer && this.java !== null) {
                return this.cut(this.java(handle));
            }
            return this.cut(String((value as { toString(): string }).toString()));
        } catch (e) {
            return `<unprintable: ${e}>`;
        }
    }
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
    // frida-java-bridge gives Java arrays as array-like wrappers, not JS arrays.
    if (Array.isArray(value)) {
        return true;
    }
    if (typeof value !== "object" || value === null) {
        return false;
    }
    // A wrapped Java object exposes its fields as objects, so a numeric length is an array's.
    return typeof (value as { length?: unknown }).length === "number";
}

function macOf(bytes: ArrayLike<unknown>): string {
    const parts: string[] = [];
    for (let i = 0; i < bytes.length; i++) {
        parts.push((Number(bytes[i]) & 0xff).toString(16).padStart(2, "0"));
    }
    return parts.join(":");
}
