package io.echopush.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.ServerMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The bounded fuzz pass: random and mutated push.v1 messages and RFC 6455 frames to {@code /push},
 * {@code /api/push} and {@code /echo}, one connection per case, while well-behaved clients check after every case
 * that they are still served, in order. At the end every session is gone, no handler failed (no 1011) and the
 * server has no more threads than it started with (give or take its pools). A failure names its seed and case and
 * prints the smallest input that still fails. {@code -Dfuzz.seconds}, {@code -Dfuzz.seed} and {@code -Dfuzz.case}
 * run it longer, on other input, or one case alone (docs/security.md).
 */
class FuzzIT extends BuiltWarTest {

    private static final Logger LOG = Logger.getLogger(FuzzIT.class.getName());
    private static final long SEED = Long.getLong("fuzz.seed", 20261205L);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 30));
    private static final Integer ONE_CASE = Integer.getInteger("fuzz.case");
    private static final int LIMIT = Integer.parseInt(Setting.MAX_MESSAGE_BYTES.defaultValue());
    /** Threads a container may start on its own during the pass (pool growth, timers), not a leak per case. */
    private static final int THREAD_SLACK = 16;

    @Test
    void randomAndMutatedInputHurtsNobody() throws Exception {
        AppUrls urls = AppUrls.of(base);
        Map<String, Integer> outcomes = new TreeMap<>();
        int cases = 0;
        double threadsBefore;
        String before;
        try (Bystanders bystanders = new Bystanders(urls)) {
            bystanders.check();
            before = ServerMetrics.scrape(urls);
            threadsBefore = ServerMetrics.sum(before, "echopush_jvm_threads");
            long deadline = System.nanoTime() + BUDGET.toNanos();
            for (int n = ONE_CASE == null ? 0 : ONE_CASE; ONE_CASE == null ? System.nanoTime() < deadline : cases < 1; n++) {
                Case c = Cases.generate(SEED, n, LIMIT);
                try {
                    outcomes.merge(c.run(urls), 1, Integer::sum);
                    bystanders.check();
                } catch (Exception | AssertionError failure) {
                    Case smallest = new Shrinker(urls, bystanders).shrink(c);
                    fail("The fuzz pass failed: " + failure.getMessage() + "\n  at " + c + "\n  smallest that fails: "
                            + smallest + "\n  rerun it with -Dfuzz.seed=" + SEED + " -Dfuzz.case=" + n, failure);
                }
                cases++;
            }
        }
        int ran = cases;
        LOG.info(() -> "Fuzz pass: seed " + SEED + ", " + ran + " cases in " + BUDGET.toSeconds() + " s: " + outcomes);
        for (String endpoint : new String[] {"echo", "push", "api/push"}) {
            ServerMetrics.awaitSessionsOpen(urls, endpoint, 0);
        }
        String after = ServerMetrics.scrape(urls);
        // 1011 only for a send that failed (a client gone mid-write, as when the fuzzer drops a garbled stream)
        assertTrue(closes1011(after) - closes1011(before) <= sendFailures(after) - sendFailures(before),
                "a handler failed (1011) during the pass");
        double threadsAfter = ServerMetrics.sum(after, "echopush_jvm_threads");
        assertTrue(threadsAfter <= threadsBefore + THREAD_SLACK,
                "threads grew from " + threadsBefore + " to " + threadsAfter + " over " + ran + " cases");
        assertTrue(ONE_CASE != null || outcomes.getOrDefault("answered", 0) > 0, "no case was answered: " + outcomes);
    }

    private static double closes1011(String scrape) {
        return scrape.contains("echopush_closes_total{code=\"1011\"}")
                ? ServerMetrics.value(scrape, "echopush_closes_total", "code", "1011") : 0;
    }

    private static double sendFailures(String scrape) {
        return ServerMetrics.sum(scrape, "echopush_send_failures_total");
    }
}
