// The recorder's hot path in C (Frida's CModule, compiled in the process at start): one call
// per recorded event identifies the calling thread's Java stack and its thread name.
//
// How: with JVMTI (HotSpot), GetStackTrace gives each frame as (method, bytecode index)
// without making a Java object; those bytes are hashed (FNV-1a, 53 bits so JS holds it
// exactly). Only a stack not seen before is formatted, as new Throwable().getStackTrace()
// cut to max_frames and joined by Arrays.toString(), and copied as UTF-16. Without JVMTI
// (ART, unless the app is debuggable) the text path runs on every call. The thread name is
// Thread.currentThread().getName(), hashed the same way. JS reads a string only when its hash
// is new. The C side keeps the ids JS gave each hash it has seen, so a known call site on a
// known thread costs one native call that returns both ids, and nothing else.
// Why not from JS: each JNI call from JS costs about as much as the C work itself.
// Known gaps: two different stacks with the same 53-bit hash (and length) would share an id;
// JVMTI shows frames Throwable hides (lambda forms): a raw stack and its text can differ in
// such frames, and the text is what is recorded;
// strings longer than the buffers are cut (64 Ki UTF-16 units for a stack, 512 for a name).
// The JNIEnv function table indices are those of the JNI specification.
// Locking: the calls that enter the VM (capture_ids, capture_text) let go of the script lock
// (see jni.ts for the deadlock that keeping it caused), so the shared buffers and tables are
// guarded by a mutex of their own instead. The fast path takes and releases it inside its one
// native call; a miss returns with it held, for the JS side to read the buffers and remember
// the new ids, then release() (one whole sample under the mutex, one lock hand-off a call).

import Java from "frida-java-bridge";

const STACK_UNITS = 65536;
const NAME_UNITS = 512;

const SOURCE = `
#include <glib.h>
#include <stdint.h>

extern GMutex capture_mutex;
void capture_enter (void) { g_mutex_lock (&capture_mutex); }
void capture_leave (void) { g_mutex_unlock (&capture_mutex); }

typedef void *ref;
typedef union { int64_t j; int32_t i; ref l; } value;
typedef void **table;

struct refs {
  ref throwable_cls, throwable_init, get_stack_trace;
  ref arrays_cls, copy_of, arrays_to_string;
  ref thread_cls, current_thread, get_name;
  int32_t max_frames;
};

struct out {
  double stack_hash, name_hash;
  int32_t stack_len, name_len, failed;
};

extern uint16_t stack_buf[];
extern uint16_t name_buf[];
extern struct refs refs;

#define FN(env, i, type) ((type) ((*(table *) (env))[i]))
typedef void (*delete_local_t) (void *, ref);
typedef ref (*new_object_a_t) (void *, ref, ref, const value *);
typedef ref (*call_object_a_t) (void *, ref, ref, const value *);
typedef int32_t (*length_t) (void *, ref);
typedef void (*string_region_t) (void *, ref, int32_t, int32_t, uint16_t *);
typedef uint8_t (*exception_check_t) (void *);
typedef void (*exception_clear_t) (void *);

static void drop (void *env, ref r) { if (r) FN (env, 23, delete_local_t) (env, r); }

static int failed (void *env)
{
  if (FN (env, 228, exception_check_t) (env)) { FN (env, 17, exception_clear_t) (env); return 1; }
  return 0;
}

static int32_t copy (void *env, ref s, uint16_t *buf, int32_t cap, double *hash)
{
  int32_t n = FN (env, 164, length_t) (env, s);
  if (n > cap) n = cap;
  FN (env, 220, string_region_t) (env, s, 0, n, buf);
  uint64_t h = 1469598103934665603ULL;
  for (int32_t i = 0; i < n; i++) { h ^= buf[i]; h *= 1099511628211ULL; }
  h ^= (uint64_t) n; h *= 1099511628211ULL;
  *hash = (double) (int64_t) (h & ((1ULL << 53) - 1)); /* signed: tcc has no u64->double */
  return n;
}

static int thread_name (void *env, struct out *o)
{
  value args[1];
  ref th = 0, nm = 0;
  int ok = 0;
  th = FN (env, 116, call_object_a_t) (env, refs.thread_cls, refs.current_thread, args);
  if (failed (env) || !th) goto done;
  nm = FN (env, 36, call_object_a_t) (env, th, refs.get_name, args);
  if (failed (env) || !nm) goto done;
  o->name_len = copy (env, nm, name_buf, ${NAME_UNITS}, &o->name_hash);
  ok = 1;
done:
  drop (env, th); drop (env, nm);
  return ok;
}

/* The stack as text: Arrays.toString(new Throwable().getStackTrace()), cut to max_frames. */
void capture_text (void *env, struct out *o)
{
  value args[2];
  ref t = 0, a = 0, c = 0, s = 0;
  o->failed = 1;
  t = FN (env, 30, new_object_a_t) (env, refs.throwable_cls, refs.throwable_init, args);
  if (failed (env) || !t) goto done;
  a = FN (env, 36, call_object_a_t) (env, t, refs.get_stack_trace, args);
  if (failed (env) || !a) goto done;
  if (FN (env, 171, length_t) (env, a) > refs.max_frames) {
    args[0].l = a; args[1].j = 0; args[1].i = refs.max_frames;
    c = FN (env, 116, call_object_a_t) (env, refs.arrays_cls, refs.copy_of, args);
    if (failed (env) || !c) goto done;
  }
  args[0].l = c ? c : a;
  s = FN (env, 116, call_object_a_t) (env, refs.arrays_cls, refs.arrays_to_string, args);
  if (failed (env) || !s) goto done;
  o->stack_len = copy (env, s, stack_buf, ${STACK_UNITS}, &o->stack_hash);
  o->failed = thread_name (env, o) ? 0 : 1;
done:
  drop (env, t); drop (env, a); drop (env, c); drop (env, s);
}

/* Ids the JS side gave to hashes it has seen: open addressing, never deleted; a full table
   just sends every new key down the slow path. */
#define SLOTS 65536
struct slot { int64_t key; int32_t id; int32_t used; };
extern struct slot stack_slots[];
extern struct slot name_slots[];

static int32_t find (struct slot *t, int64_t key)
{
  uint32_t i = (uint32_t) (key ^ (key >> 29)) & (SLOTS - 1);
  for (uint32_t n = 0; n < SLOTS; n++, i = (i + 1) & (SLOTS - 1)) {
    if (!t[i].used) return -1;
    if (t[i].key == key) return t[i].id;
  }
  return -1;
}

static void put (struct slot *t, int64_t key, int32_t id)
{
  uint32_t i = (uint32_t) (key ^ (key >> 29)) & (SLOTS - 1);
  for (uint32_t n = 0; n < SLOTS / 2; n++, i = (i + 1) & (SLOTS - 1)) {
    if (!t[i].used) { t[i].key = key; t[i].id = id; t[i].used = 1; return; }
    if (t[i].key == key) return;
  }
}

void remember_stack (double key, int32_t id) { put (stack_slots, (int64_t) key, id); }
void remember_name (double key, int32_t id) { put (name_slots, (int64_t) key, id); }

/* JVMTI GetStackTrace: (method, bytecode index) per frame, no Java objects made: hashed. */
typedef struct { ref method; int64_t location; } frame;
typedef int32_t (*get_stack_trace_t) (void *, ref, int32_t, int32_t, frame *, int32_t *);
extern frame frames[];
extern void *jvmti[];

void capture_raw (void *env, struct out *o)
{
  int32_t count = 0;
  void *ti = jvmti[0];
  o->failed = 1;
  if (FN (ti, 103, get_stack_trace_t) (ti, 0, 0, refs.max_frames, frames, &count) != 0) return;
  uint64_t h = 1469598103934665603ULL;
  const uint8_t *bytes = (const uint8_t *) frames;
  for (int32_t i = 0; i < count * (int32_t) sizeof (frame); i++) { h ^= bytes[i]; h *= 1099511628211ULL; }
  h ^= (uint64_t) count; h *= 1099511628211ULL;
  o->stack_hash = (double) (int64_t) (h & ((1ULL << 53) - 1));
  o->stack_len = count;
  o->failed = thread_name (env, o) ? 0 : 1;
}

/* The fast path: both ids (stack * 2^20 + thread) when both hashes are known, else -1 with
   the hashes in *o for the JS side to resolve and remember. The calling thread's JNIEnv
   comes from the VM here (JavaVM->GetEnv), not from JS. */
extern void *java_vm[];
typedef int32_t (*get_env_t) (void *, void **, int32_t);

double capture_ids (struct out *o)
{
  void *vm = java_vm[0];
  void *env = 0;
  if (FN (vm, 6, get_env_t) (vm, &env, 0x00010006) != 0 || !env) return -2;
  capture_raw (env, o);
  if (o->failed) return -2;
  int32_t stack = find (stack_slots, (int64_t) o->stack_hash);
  int32_t name = find (name_slots, (int64_t) o->name_hash);
  if (stack < 0 || name < 0) return -1;
  return (double) stack * 1048576.0 + (double) name;
}

/* capture_ids under the capture mutex: released here when both ids are known, else held for
   the caller, who must call capture_leave after reading the buffers. */
double capture_ids_locking (struct out *o)
{
  g_mutex_lock (&capture_mutex);
  double ids = capture_ids (o);
  if (ids >= 0) g_mutex_unlock (&capture_mutex);
  return ids;
}
`;

export interface Captured {
    stackHash: number;
    stackLength: number; // UTF-16 units of the text, or frames of a raw capture
    nameHash: number;
    nameLength: number;
}

const JVMTI_VERSION_1_2 = 0x30010200;

export class NativeCapture {
    private readonly stackBuffer = Memory.alloc(2 * STACK_UNITS);
    private readonly nameBuffer = Memory.alloc(2 * NAME_UNITS);
    private readonly refs = Memory.alloc(10 * 8);
    private readonly out = Memory.alloc(40);
    private readonly jvmti = Memory.alloc(Process.pointerSize);
    private readonly vmSlot = Memory.alloc(Process.pointerSize);
    private readonly module: CModule;
    private readonly textCall: NativeFunction<void, [NativePointer, NativePointer]>;
    private readonly idsCall: NativeFunction<number, [NativePointer]> | null;
    private readonly rememberStack: NativeFunction<void, [number, number]>;
    private readonly rememberName: NativeFunction<void, [number, number]>;
    private readonly enter: NativeFunction<void, []>;
    private readonly leave: NativeFunction<void, []>;
    private readonly mutex = Memory.alloc(64); // a GMutex, zeroed: ready to use

    /** Call inside Java.perform. Throws where CModule is unavailable (the caller falls back). */
    constructor(maxFrames: number) {
        const env = Java.vm.getEnv();
        const global = (name: string): NativePointer => {
            const local = env.findClass(name);
            env.throwIfExceptionPending();
            const ref = env.newGlobalRef(local) as NativePointer;
            env.deleteLocalRef(local);
            return ref;
        };
        const throwable = global("java/lang/Throwable");
        const arrays = global("java/util/Arrays");
        const thread = global("java/lang/Thread");
        const slots: NativePointer[] = [
            throwable,
            env.getMethodId(throwable, "<init>", "()V"),
            env.getMethodId(throwable, "getStackTrace", "()[Ljava/lang/StackTraceElement;"),
            arrays,
            env.getStaticMethodId(arrays, "copyOf", "([Ljava/lang/Object;I)[Ljava/lang/Object;"),
            env.getStaticMethodId(arrays, "toString", "([Ljava/lang/Object;)Ljava/lang/String;"),
            thread,
            env.getStaticMethodId(thread, "currentThread", "()Ljava/lang/Thread;"),
            env.getMethodId(thread, "getName", "()Ljava/lang/String;"),
        ];
        env.throwIfExceptionPending();
        slots.forEach((slot, i) => this.refs.add(i * 8).writePointer(slot));
        this.refs.add(9 * 8).writeS32(maxFrames);
        this.vmSlot.writePointer((Java.vm as unknown as { handle: NativePointer }).handle);
        const haveJvmti = this.openJvmti();
        this.module = new CModule(SOURCE, {
            stack_buf: this.stackBuffer,
            name_buf: this.nameBuffer,
            refs: this.refs,
            frames: Memory.alloc(16 * maxFrames),
            jvmti: this.jvmti,
            stack_slots: Memory.alloc(16 * 65536),
            name_slots: Memory.alloc(16 * 65536),
            java_vm: this.vmSlot,
            capture_mutex: this.mutex,
        });
        // Into the VM, or waiting for another thread: the script lock is let go (see above).
        const letGo: NativeFunctionOptions = { scheduling: "cooperative" };
        // Plain C on memory this thread holds the mutex for: keeping the script lock is safe.
        const keep: NativeFunctionOptions = { scheduling: "exclusive" };
        this.textCall = new NativeFunction(this.module.capture_text, "void", ["pointer", "pointer"], letGo);
        this.idsCall = haveJvmti ? new NativeFunction(this.module.capture_ids_locking, "double", ["pointer"], letGo) : null;
        this.rememberStack = new NativeFunction(this.module.remember_stack, "void", ["double", "int"], keep);
        this.rememberName = new NativeFunction(this.module.remember_name, "void", ["double", "int"], keep);
        this.enter = new NativeFunction(this.module.capture_enter, "void", [], letGo);
        this.leave = new NativeFunction(this.module.capture_leave, "void", [], keep);
    }

    /**
     * Known call site and thread: stack id * 2^20 + thread id, from one native call, and the
     * capture mutex is free again. Otherwise -1 (one of the hashes is new: read them with
     * lastCapture(), then remember()) or -2 (no fast path: use text()), and the mutex is held
     * until release().
     */
    ids(): number {
        if (this.idsCall === null) {
            this.enter();
            return -2;
        }
        return this.idsCall(this.out);
    }

    /** Ends a sample for which ids() returned a miss (< 0). */
    release(): void {
        this.leave();
    }

    /** What the last call captured (after ids() returned -1, or after text()). */
    lastCapture(): Captured | null {
        return this.read();
    }

    remember(raw: Captured, stack: number, thread: number): void {
        this.rememberStack(raw.stackHash, stack);
        this.rememberName(raw.nameHash, thread);
    }

    get how(): string {
        return this.idsCall === null ? "CModule (stack text each call)" : "CModule + JVMTI (raw frames)";
    }

    /** A JVMTI environment (HotSpot; ART only for debuggable apps): false when there is none. */
    private openJvmti(): boolean {
        const vm = (Java.vm as unknown as { handle: NativePointer }).handle;
        const getEnv = new NativeFunction(vm.readPointer().add(6 * Process.pointerSize).readPointer(), "int", [
            "pointer",
            "pointer",
            "int",
        ]);
        return getEnv(vm, this.jvmti, JVMTI_VERSION_1_2) === 0 && !this.jvmti.readPointer().isNull();
    }

    /** The stack as text (and the thread name); null on a JNI error. */
    text(): Captured | null {
        return this.run(this.textCall);
    }

    stackText(length: number): string {
        return this.stackBuffer.readUtf16String(length) ?? "";
    }

    nameText(length: number): string {
        return this.nameBuffer.readUtf16String(length) ?? "";
    }

    private run(call: NativeFunction<void, [NativePointer, NativePointer]>): Captured | null {
        call(Java.vm.getEnv().handle as NativePointer, this.out);
        return this.read();
    }

    private read(): Captured | null {
        const out = this.out;
        if (out.add(32).readS32() !== 0) {
            return null;
        }
        return {
            stackHash: out.readDouble(),
            nameHash: out.add(8).readDouble(),
            stackLength: out.add(16).readS32(),
            nameLength: out.add(20).readS32(),
        };
    }
}
