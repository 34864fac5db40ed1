package io.echopush.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * What the test JVM holds: heap after collection, threads by name, resident memory. Embedded Tomcat runs in this
 * JVM, so every figure is the server's and the clients' together.
 */
final class JvmFootprint {

    static final long MIB = 1024 * 1024;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Path STATUS = Path.of("/proc/self/status");

    private JvmFootprint() {
    }

    /**
     * Heap in use after full collections, once two rounds in a row differ by less than 1 MiB (at most ten): one
     * round may leave what only a finalizer or cleaner of the previous round freed.
     */
    static long heapAfterGc() {
        long previous = Long.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            System.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < MIB) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /** Resident set size from {@code /proc/self/status} (VmRSS), or -1 where there is no such file. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024; // reported in kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: reported as -1, never asserted on
        }
        return -1;
    }

    /** Live threads, counted by name with the digits blanked, so that a pool's threads count together. */
    static Map<String, Integer> threadsByKind() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.toMap(t -> t.getName().replaceAll("\\d+", "#"), t -> 1, Integer::sum, TreeMap::new));
    }

    static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * Waits until at most {@code limit} threads are alive or {@code within} has passed, and answers the count then.
     * Pools end idle threads on their own time (Tomcat's and the JDK HTTP client's after 60 s without a task), so
     * this polls; it sends no request meanwhile, which would keep a worker busy and alive.
     */
    static int awaitThreadsAtMost(int limit, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int count = threadCount();
        while (count > limit && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            count = threadCount();
        }
        return count;
    }

    /** The kinds of thread of which there are more in {@code after} than in {@code before}: "name#: 3 → 9". */
    static String grown(Map<String, Integer> before, Map<String, Integer> after) {
        return after.entrySet().stream()
                .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0))
                .map(e -> e.getKey() + ": " + before.getOrDefault(e.getKey(), 0) + " → " + e.getValue())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (double) MIB);
    }
}
