// Test-only program (tests/hooks/test_hook_failures.py): classes a hook catalog may name that
// cannot be hooked for real, beside ones that can.
// - Boom: its static initialiser throws (JNI FindClass initialises it: the agent cannot use it);
// - Holder.take(Optional): the parameter's class is not on the class path (an SDK built
//   against an optional library the app does not ship; the test deletes Optional.class), so
//   frida cannot build the method; Holder.fine() beside it can be hooked;
// - LateHolder: the same, loaded only when main() first uses it (a class hooked late).
// Prints "probe: <what> = <value>" and "probe: done".
public class HookFailureProbe {
    static class Boom {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("boom");
            }
        }

        static String value() {
            return "boom";
        }
    }

    static class Optional {}

    static class Holder {
        static String take(Optional optional) {
            return "take";
        }

        static String fine() {
            return "fine";
        }
    }

    static class LateHolder {
        static String take(Optional optional) {
            return "late take";
        }

        static String fine() {
            return "late fine";
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            System.out.println("probe: boom = " + Boom.value());
        } catch (Throwable t) {
            System.out.println("probe: boom = threw " + t.getClass().getName());
        }
        System.out.println("probe: fine = " + Holder.fine());
        System.out.println("probe: late = " + LateHolder.fine());
        System.out.println("probe: property = " + System.getProperty("java.specification.version"));
        System.out.println("probe: done");
        Thread.sleep(120_000);
    }
}
