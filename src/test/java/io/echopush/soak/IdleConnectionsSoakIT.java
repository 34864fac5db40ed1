package io.echopush.soak;

import static io.echopush.soak.JvmFootprint.mib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * reliability case 28: 5,000 idle connections subscribed to {@code clock} (1 Hz) each get every tick, each tick
 * reaching all of them within {@link #SPREAD} of its first arrival, at a heap cost per connection within budget.
 * Client and server share this JVM (embedded Tomcat), so the cost per connection is both ends' together, with the
 * JDK client's side, the lightest client we have, included. Runs only in the {@code soak} profile.
 */
class IdleConnectionsSoakIT extends InContainerTest {

    /** Two sockets each in this JVM: 10,000 descriptors, half the 20,000 the build machines allow. */
    private static final int CONNECTIONS = 5_000;
    /** Handshakes, and later close handshakes, in flight at once. */
    private static final int CONNECTING_AT_ONCE = 64;
    private static final int TICKS = 5;
    private static final Duration SPREAD = Duration.ofSeconds(2);
    /**
     * Both ends of a connection: measured 135 KiB (docs/reliability.md), 64 of them Tomcat's fixed buffers
     * (socket 2 × 8 KiB, frame 8 KiB, message 8 KiB binary + 8 Ki chars text, output 2 × 8 KiB; the message
     * buffers have since gone to 1 KiB and 1 Ki chars: ApplicationLifecycle). One buffer of the
     * message limit per idle session (64 KiB or more, what D1 avoids) would break it.
     */
    private static final long HEAP_BUDGET_PER_CONNECTION = 160 * 1024;
    /** Tomcat's NIO connector needs no thread per connection; its pool's maximum is 200. */
    private static final int MORE_THREADS_ALLOWED = 200;

    /** All the clients come from one loopback address: more than the default per-address cap allows. */
    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar(Map.of("echopush.max-connections-per-address", "0"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void fiveThousandIdleSubscribersGetEveryClockTickWithinTwoSeconds() throws Exception {
        AppUrls urls = AppUrls.of(base);
        // A few client threads, not the JDK's default unbounded pool: the thread count is the server's to show.
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        try {
            run(urls, HttpClient.newBuilder().executor(clientThreads).connectTimeout(TestClient.TIMEOUT).build());
        } finally {
            clientThreads.shutdownNow();
        }
    }

    private static void run(AppUrls urls, HttpClient http) throws Exception {
        // Warm-up: classes, JIT, the application's timers (started by the first session) and pools are not per connection.
        ClockSubscriber.closeAll(ClockSubscriber.connect(http, urls, CONNECTING_AT_ONCE, CONNECTING_AT_ONCE,
                new TickLog(CONNECTING_AT_ONCE, TICKS)), CONNECTING_AT_ONCE);
        ServerMetrics.awaitSessionsOpen(urls, "push", 0, Duration.ofSeconds(60));
        int threadsBefore = JvmFootprint.threadCount();
        long heapBefore = JvmFootprint.heapAfterGc();
        long rssBefore = JvmFootprint.residentBytes();

        TickLog ticks = new TickLog(CONNECTIONS, TICKS);
        long start = System.nanoTime();
        List<ClockSubscriber> clients = ClockSubscriber.connect(http, urls, CONNECTIONS, CONNECTING_AT_ONCE, ticks);
        try {
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            assertEquals(CONNECTIONS, ServerMetrics.value(urls, "echopush_topic_subscribers", "topic", "clock"));
            int threadsWith = JvmFootprint.threadCount();
            long heapWith = JvmFootprint.heapAfterGc();
            long rssWith = JvmFootprint.residentBytes();

            // A tick whose publish began before the last subscriber joined may have missed it: count from the one after.
            long first = ticks.startAfter(ticks.highestSeen() + 1);
            boolean all = ticks.awaitAll(Duration.ofSeconds(TICKS + 1).plus(SPREAD).plusSeconds(10));
            long heapPerConnection = (heapWith - heapBefore) / CONNECTIONS;
            long rssPerConnection = rssBefore < 0 ? -1 : (rssWith - rssBefore) / CONNECTIONS;
            System.out.printf(Locale.ROOT, "SOAK case=28 connections=%d connect_seconds=%.1f ticks=%d first_seq=%d"
                            + " max_spread_ms=%d heap_before_mib=%s heap_with_mib=%s heap_per_connection_kib=%.1f"
                            + " rss_before_mib=%s rss_with_mib=%s rss_per_connection_kib=%.1f threads_before=%d"
                            + " threads_with=%d%n",
                    CONNECTIONS, connectSeconds, TICKS, first, ticks.maxSpread().toMillis(), mib(heapBefore),
                    mib(heapWith), heapPerConnection / 1024.0, mib(rssBefore), mib(rssWith),
                    rssPerConnection / 1024.0, threadsBefore, threadsWith);

            assertTrue(all, () -> "deliveries missing after " + TICKS + " ticks: " + ticks.summary());
            assertEquals("", ticks.disorder(), "each client gets each tick once, in seq order");
            assertTrue(ticks.maxSpread().compareTo(SPREAD) <= 0, () -> "a tick took longer than " + SPREAD
                    + " from its first to its last subscriber: " + ticks.summary());
            assertTrue(heapPerConnection <= HEAP_BUDGET_PER_CONNECTION, () -> "heap per connection "
                    + heapPerConnection / 1024 + " KiB, budget " + HEAP_BUDGET_PER_CONNECTION / 1024 + " KiB");
            assertTrue(threadsWith <= threadsBefore + MORE_THREADS_ALLOWED, () -> "threads " + threadsBefore + " → "
                    + threadsWith + " with " + CONNECTIONS + " connections");
        } finally {
            ClockSubscriber.closeAll(clients, CONNECTING_AT_ONCE);
        }
        ServerMetrics.awaitSessionsOpen(urls, "push", 0, Duration.ofSeconds(60));
        ServerMetrics.awaitTopicSubscribers(urls, 0, Duration.ofSeconds(60));
    }
}
