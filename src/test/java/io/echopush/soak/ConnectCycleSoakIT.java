package io.echopush.soak;

import static io.echopush.soak.JvmFootprint.MIB;
import static io.echopush.soak.JvmFootprint.mib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.ServerMetrics;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * reliability case 27: 10,000 connect/disconnect cycles of every kind ({@link Cycle}), 32 at a time, leave the
 * server as they found it: no session open on either endpoint, no topic member, no more threads, no more heap.
 * The baseline is taken after a warm-up of the same mix, so that class loading, JIT, caches and pools grown to
 * this concurrency are in it. Runs only in the {@code soak} profile (docs/reliability.md).
 * The built WAR's default caps stay on: 10,000 cycles through a per-address cap of 1,000 also prove that every
 * kind of end gives its place back (a leak would turn into 503s long before the end).
 */
class ConnectCycleSoakIT extends BuiltWarTest {

    private static final int CYCLES = 10_000;
    private static final int WARM_UP = 500;
    private static final int PARALLEL = 32;
    private static final Duration TIME_LIMIT = Duration.ofMinutes(15);
    /** How long the server may take to notice the last dropped sockets; it notices on its next read. */
    private static final Duration FORGET_WITHIN = Duration.ofSeconds(60);
    /** Idle workers of Tomcat and of the JDK HTTP client end after 60 s; a leak grows with cycles, far past this. */
    private static final int THREAD_TOLERANCE = 8;
    private static final Duration THREADS_SETTLE_WITHIN = Duration.ofSeconds(90);
    /**
     * Tomcat pools closed connections' channels and buffers for reuse (about as many as were open at once, 32 here);
     * 10,000 leaked sessions would hold hundreds of MiB (Tomcat alone buffers 64 KiB per session).
     */
    private static final long HEAP_BUDGET = 16 * MIB;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // a backstop: the cycles stop by themselves at TIME_LIMIT
    void tenThousandCyclesLeaveNoSessionTopicMemberThreadOrHeapBehind() throws Exception {
        AppUrls urls = AppUrls.of(base);
        run(urls, WARM_UP);
        awaitServerForgetsEveryone(urls);
        Map<String, Integer> threadsBefore = JvmFootprint.threadsByKind();
        int threadsBeforeCount = JvmFootprint.threadCount();
        long heapBefore = JvmFootprint.heapAfterGc();

        long start = System.nanoTime();
        int done = run(urls, CYCLES);
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitServerForgetsEveryone(urls);

        // Back to the baseline itself if pools shrink in time; the tolerance is for pools that stay a little larger.
        int threadsAfterCount = JvmFootprint.awaitThreadsAtMost(threadsBeforeCount, THREADS_SETTLE_WITHIN);
        Map<String, Integer> threadsAfter = JvmFootprint.threadsByKind();
        long heapAfter = JvmFootprint.heapAfterGc();
        System.out.printf(Locale.ROOT, "SOAK case=27 cycles=%d parallel=%d seconds=%.1f cycles_per_s=%.0f"
                        + " threads_before=%d threads_after=%d heap_before_mib=%s heap_after_mib=%s%n",
                done, PARALLEL, seconds, done / seconds, threadsBeforeCount, threadsAfterCount, mib(heapBefore),
                mib(heapAfter));

        assertTrue(threadsAfterCount <= threadsBeforeCount + THREAD_TOLERANCE, () -> "threads " + threadsBeforeCount
                + " → " + threadsAfterCount + " (tolerance " + THREAD_TOLERANCE + "); grown: "
                + JvmFootprint.grown(threadsBefore, threadsAfter));
        assertTrue(heapAfter <= heapBefore + HEAP_BUDGET, () -> "heap after GC " + mib(heapBefore) + " → "
                + mib(heapAfter) + " MiB, budget +" + mib(HEAP_BUDGET) + " MiB");
    }

    /**
     * Runs {@code cycles} cycles, {@link #PARALLEL} at a time, and answers how many ran. Stops at the first failed
     * cycle, and fails with it; stops at {@link #TIME_LIMIT}, and fails for it.
     */
    private static int run(AppUrls urls, int cycles) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        for (int worker = 0; worker < PARALLEL; worker++) {
            pool.execute(() -> {
                for (int n = next.getAndIncrement(); n < cycles && failure.get() == null
                        && System.nanoTime() < deadline; n = next.getAndIncrement()) {
                    try {
                        Cycle.of(n).run(urls, n);
                        done.incrementAndGet();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, new AssertionError("cycle " + n + " (" + Cycle.of(n) + ") failed", e));
                    }
                }
            });
        }
        pool.shutdown();
        // every step of a cycle has a timeout (TestClient.TIMEOUT), so the last cycles end soon after the deadline
        boolean ended = pool.awaitTermination(TIME_LIMIT.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
        if (failure.get() != null) {
            throw (AssertionError) failure.get();
        }
        assertTrue(ended, "cycles still running after " + TIME_LIMIT.plusMinutes(1));
        assertEquals(cycles, done.get(), "cycles done within " + TIME_LIMIT);
        return done.get();
    }

    /** No session on either endpoint and no member of any topic, as an operator would see on /metrics. */
    private static void awaitServerForgetsEveryone(AppUrls urls) {
        ServerMetrics.awaitSessionsOpen(urls, "echo", 0, FORGET_WITHIN);
        ServerMetrics.awaitSessionsOpen(urls, "push", 0, FORGET_WITHIN);
        ServerMetrics.awaitTopicSubscribers(urls, 0, FORGET_WITHIN);
    }
}
