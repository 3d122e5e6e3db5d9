// Raw JNI for the recorder's hot path: thread names, stacks and toString() of arguments.
//
// Why not frida-java-bridge's Env: a wrapper object per call; these are resolved once.
// Each call lets go of the script lock while it runs ("cooperative" scheduling). Keeping it
// ("exclusive") was faster but deadlocks: every JNI call may stop at a safepoint, and when the
// VM operation behind that safepoint is frida-java-bridge's (installing a hook on a class
// loaded late), the VM thread runs JS and waits for the lock this thread would hold. So
// nothing shared is written during a call: argument and string buffers are per call.
// The JNIEnv function table is one per VM, so the functions are resolved once; each call
// takes the calling thread's JNIEnv*. Indices are those of the JNI specification.
// Known gaps: a pending Java exception is cleared and turned into a JS error (the app never
// sees it); strings are read as UTF-16 (JNI's own representation), so nothing is lost.

const JNI = {
    DeleteLocalRef: 23,
    NewObjectA: 30,
    CallObjectMethodA: 36,
    CallStaticObjectMethodA: 116,
    GetStringLength: 164,
    GetArrayLength: 171,
    GetStringRegion: 220,
    ExceptionCheck: 228,
    ExceptionClear: 17,
} as const;

const COOPERATIVE: NativeFunctionOptions = { scheduling: "cooperative", exceptions: "propagate" };

type Ptr = NativePointer;

export class RawJni {
    private readonly deleteLocal: NativeFunction<void, [Ptr, Ptr]>;
    private readonly newObjectA: NativeFunction<Ptr, [Ptr, Ptr, Ptr, Ptr]>;
    private readonly callObjectA: NativeFunction<Ptr, [Ptr, Ptr, Ptr, Ptr]>;
    private readonly callStaticObjectA: NativeFunction<Ptr, [Ptr, Ptr, Ptr, Ptr]>;
    private readonly stringLength: NativeFunction<number, [Ptr, Ptr]>;
    private readonly arrayLength: NativeFunction<number, [Ptr, Ptr]>;
    private readonly stringRegion: NativeFunction<void, [Ptr, Ptr, number, number, Ptr]>;
    private readonly exceptionCheck: NativeFunction<number, [Ptr]>;
    private readonly exceptionClear: NativeFunction<void, [Ptr]>;
    private readonly noArgs = Memory.alloc(8); // never written: for methods without arguments

    constructor(env: Ptr) {
        const table = env.readPointer();
        const fn = (index: number): NativePointer => table.add(index * Process.pointerSize).readPointer();
        this.deleteLocal = new NativeFunction(fn(JNI.DeleteLocalRef), "void", ["pointer", "pointer"], COOPERATIVE);
        this.newObjectA = new NativeFunction(fn(JNI.NewObjectA), "pointer", ["pointer", "pointer", "pointer", "pointer"], COOPERATIVE);
        this.callObjectA = new NativeFunction(fn(JNI.CallObjectMethodA), "pointer", ["pointer", "pointer", "pointer", "pointer"], COOPERATIVE);
        this.callStaticObjectA = new NativeFunction(fn(JNI.CallStaticObjectMethodA), "pointer", ["pointer", "pointer", "pointer", "pointer"], COOPERATIVE);
        this.stringLength = new NativeFunction(fn(JNI.GetStringLength), "int", ["pointer", "pointer"], COOPERATIVE);
        this.arrayLength = new NativeFunction(fn(JNI.GetArrayLength), "int", ["pointer", "pointer"], COOPERATIVE);
        this.stringRegion = new NativeFunction(fn(JNI.GetStringRegion), "void", ["pointer", "pointer", "int", "int", "pointer"], COOPERATIVE);
        this.exceptionCheck = new NativeFunction(fn(JNI.ExceptionCheck), "uint8", ["pointer"], COOPERATIVE);
        this.exceptionClear = new NativeFunction(fn(JNI.ExceptionClear), "void", ["pointer"], COOPERATIVE);
    }

    newObject(env: Ptr, cls: Ptr, ctor: Ptr): Ptr {
        return this.checked(env, this.newObjectA(env, cls, ctor, this.noArgs));
    }

    call(env: Ptr, obj: Ptr, method: Ptr): Ptr {
        return this.checked(env, this.callObjectA(env, obj, method, this.noArgs));
    }

    callStatic(env: Ptr, cls: Ptr, method: Ptr, ...objects: (Ptr | number)[]): Ptr {
        const args = Memory.alloc(8 * Math.max(objects.length, 1));
        objects.forEach((value, i) => {
            const slot = args.add(8 * i);
            if (typeof value === "number") {
                slot.writeS64(value);
            } else {
                slot.writePointer(value);
            }
        });
        return this.checked(env, this.callStaticObjectA(env, cls, method, args));
    }

    length(env: Ptr, array: Ptr): number {
        return this.arrayLength(env, array);
    }

    /** A java.lang.String as a JS string; null for a null reference. */
    text(env: Ptr, str: Ptr): string | null {
        if (str.isNull()) {
            return null;
        }
        const n = this.stringLength(env, str);
        const chars = Memory.alloc(2 * Math.max(n, 1));
        this.stringRegion(env, str, 0, n, chars);
        return chars.readUtf16String(n);
    }

    release(env: Ptr, ...refs: Ptr[]): void {
        for (const ref of refs) {
            if (!ref.isNull()) {
                this.deleteLocal(env, ref);
            }
        }
    }

    private checked(env: Ptr, result: Ptr): Ptr {
        if (this.exceptionCheck(env) !== 0) {
            this.exceptionClear(env);
            this.release(env, result);
            throw new Error("a Java exception was raised (and cleared) while recording");
        }
        return result;
    }
}
