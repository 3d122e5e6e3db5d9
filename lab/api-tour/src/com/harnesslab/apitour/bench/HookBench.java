// The hooks benchmark's JVM side (benchmarks/hooks.py runs it with `java -cp`, not as a lab
// app): times N calls of a method the agent does not hook, then N calls of an identical method
// it hooks (the benchmark's catalog names Target.hooked), and prints the timings as
// "bench: <key>=<value>" lines: wall time, and this thread's CPU time (which other processes
// on a shared machine do not inflate). Every hooked call is one event, from one call site.
package com.harnesslab.apitour.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

public final class HookBench {
    private HookBench() {}

    /** Two identical methods: one hooked, one not. */
    public static final class Target {
        private Target() {}

        public static String hooked(int i) {
            return (i & 1) == 0 ? "even" : "odd";
        }

        public static String plain(int i) {
            return (i & 1) == 0 ? "even" : "odd";
        }
    }

    public static void main(String[] args) {
        int calls = Integer.parseInt(args[0]);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int round = 0; round < 2; round++) { // the second round is timed JIT-warm
            long start = System.nanoTime();
            long startCpu = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                sink += Target.plain(i).length();
            }
            System.out.println("bench: plain_cpu_ns=" + (cpu.getCurrentThreadCpuTime() - startCpu));
            System.out.println("bench: plain_ns=" + (System.nanoTime() - start));
        }
        System.out.println("bench: hooked_start_ms=" + System.currentTimeMillis());
        long start = System.nanoTime();
        long startCpu = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            sink += Target.hooked(i).length();
        }
        System.out.println("bench: hooked_cpu_ns=" + (cpu.getCurrentThreadCpuTime() - startCpu));
        System.out.println("bench: hooked_ns=" + (System.nanoTime() - start));
        System.out.println("bench: sink=" + sink);
        System.out.flush();
        try {
            Thread.sleep(600_000); // the benchmark kills the process once every event is in
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
