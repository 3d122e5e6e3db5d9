// Java stacks and thread names read through raw JNI from JS (the fallback where CModule is
// unavailable, see capture.ts), and the frame text both paths produce.
//
// How: raw JNI on the calling thread (jni.ts), no frida-java-bridge wrappers (a wrapper per
// frame costs more than the rest of the hook): new Throwable(), getStackTrace(), cut to
// max_frames with Arrays.copyOf, one Arrays.toString() call, split in JS. The same stack (one
// call site) gets one id in the event buffer's stack table (ids.ts); its frames travel once.
// Frames are written as Android writes them, "cls.method(File.java:12)": HotSpot's module
// and class-loader prefixes ("java.base/", "sdk-plugin//") are dropped so that attribution
// by package prefix works the same on both VMs.
// Known gaps: a frame whose file name contains ", " would be split in two (none do in
// practice); hidden frames (lambdas' synthetic frames) are as the VM reports them.

import Java from "frida-java-bridge";

import { RawJni } from "./jni.js";

/** "java.base/java.lang.Thread.run(Thread.java:833)" -> "java.lang.Thread.run(Thread.java:833)" */
export function normalizeFrame(frame: string): string {
    const paren = frame.indexOf("(");
    const head = paren < 0 ? frame : frame.slice(0, paren);
    const slash = head.lastIndexOf("/");
    return slash < 0 ? frame : frame.slice(slash + 1);
}

export class JavaStackReader {
    private readonly jni: RawJni;
    private readonly throwableClass: NativePointer;
    private readonly arraysClass: NativePointer;
    private readonly threadClass: NativePointer;
    private readonly throwableInit: NativePointer;
    private readonly getStackTrace: NativePointer;
    private readonly copyOf: NativePointer;
    private readonly arraysToString: NativePointer;
    private readonly currentThread: NativePointer;
    private readonly getName: NativePointer;
    private readonly objectToString: NativePointer;

    /** Call inside Java.perform: resolves classes and method ids once. */
    constructor(private readonly maxFrames: number) {
        const env = Java.vm.getEnv();
        const global = (name: string): NativePointer => {
            const local = env.findClass(name);
            env.throwIfExceptionPending();
            const ref = env.newGlobalRef(local) as NativePointer;
            env.deleteLocalRef(local);
            return ref;
        };
        const method = (cls: NativePointer, name: string, sig: string): NativePointer => env.getMethodId(cls, name, sig);
        const staticMethod = (cls: NativePointer, name: string, sig: string): NativePointer =>
            env.getStaticMethodId(cls, name, sig);
        this.jni = new RawJni(env.handle as NativePointer);
        this.throwableClass = global("java/lang/Throwable");
        this.arraysClass = global("java/util/Arrays");
        this.threadClass = global("java/lang/Thread");
        const objectClass = global("java/lang/Object");
        this.throwableInit = method(this.throwableClass, "<init>", "()V");
        this.getStackTrace = method(this.throwableClass, "getStackTrace", "()[Ljava/lang/StackTraceElement;");
        this.copyOf = staticMethod(this.arraysClass, "copyOf", "([Ljava/lang/Object;I)[Ljava/lang/Object;");
        this.arraysToString = staticMethod(this.arraysClass, "toString", "([Ljava/lang/Object;)Ljava/lang/String;");
        this.currentThread = staticMethod(this.threadClass, "currentThread", "()Ljava/lang/Thread;");
        this.getName = method(this.threadClass, "getName", "()Ljava/lang/String;");
        this.objectToString = method(objectClass, "toString", "()Ljava/lang/String;");
        env.throwIfExceptionPending();
    }

    /** The calling thread's Java stack, innermost first, at most max_frames frames. */
    frames(): string[] {
        const env = Java.vm.getEnv().handle as NativePointer;
        const jni = this.jni;
        const throwable = jni.newObject(env, this.throwableClass, this.throwableInit);
        let array = NULL;
        let cut = NULL;
        let text = NULL;
        try {
            array = jni.call(env, throwable, this.getStackTrace);
            if (jni.length(env, array) > this.maxFrames) {
                cut = jni.callStatic(env, this.arraysClass, this.copyOf, array, this.maxFrames);
            }
            text = jni.callStatic(env, this.arraysClass, this.arraysToString, cut.isNull() ? array : cut);
            return splitFrames(jni.text(env, text) ?? "[]");
        } finally {
            jni.release(env, throwable, array, cut, text);
        }
    }

    threadName(): string {
        const env = Java.vm.getEnv().handle as NativePointer;
        const jni = this.jni;
        const thread = jni.callStatic(env, this.threadClass, this.currentThread);
        let name = NULL;
        try {
            name = jni.call(env, thread, this.getName);
            return jni.text(env, name) ?? "";
        } finally {
            jni.release(env, thread, name);
        }
    }

    /** java.lang.Object.toString() of any reference, "null" for null. */
    describe(handle: NativePointer): string {
        const env = Java.vm.getEnv().handle as NativePointer;
        const text = this.jni.call(env, handle, this.objectToString);
        try {
            return this.jni.text(env, text) ?? "null";
        } finally {
            this.jni.release(env, text);
        }
    }
}

/** "[a, b, c]" (Arrays.toString of the frames) -> frames, written as Android writes them. */
export function splitFrames(joined: string): string[] {
    const inner = joined.slice(1, -1);
    return inner.length === 0 ? [] : inner.split(", ").map(normalizeFrame);
}
