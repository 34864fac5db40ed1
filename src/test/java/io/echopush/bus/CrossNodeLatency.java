package io.echopush.bus;

import io.echopush.testing.Node;
import io.echopush.testing.PushClient;
import io.echopush.testing.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the Redis bus adds to a publish's latency on loopback (docs/scaling.md): two nodes and a redis-server
 * as in {@link TwoNodeRedisIT}; a publisher and a subscriber on node A, a subscriber on node B; one message
 * at a time, each timed from the publisher's send to its arrival at A's subscriber and at B's. Bounded: a
 * warm-up and then {@code args[0]} messages (default 2,000). Prints percentiles in microseconds.
 *
 * <pre>
 * ./mvnw -o -q package -DskipTests
 * ./mvnw -o -q dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * java -Dtest.war=target/echo-push.war -cp target/test-classes:target/classes:$(cat target/test.cp) \
 *     io.echopush.bus.CrossNodeLatency 2000
 * </pre>
 */
public final class CrossNodeLatency {

    private static final int WARM_UP = 1_000;
    private static final String TOPIC = "latency";

    private CrossNodeLatency() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        try (RedisServer redis = RedisServer.start();
                Node a = Node.start("latency-a", Map.of("echopush.bus", redis.url()));
                Node b = Node.start("latency-b", Map.of("echopush.bus", redis.url()));
                PushClient publisher = PushClient.connect(a.urls())) {
            Arrivals onA = Arrivals.subscribe(a.urls().ws("push"));
            Arrivals onB = Arrivals.subscribe(b.urls().ws("push"));
            long[] local = new long[count];
            long[] remote = new long[count];
            for (int i = -WARM_UP; i < count; i++) {
                long sent = System.nanoTime();
                publisher.publish(TOPIC, PushClient.read(Integer.toString(i)));
                long here = onA.next() - sent;
                long there = onB.next() - sent;
                if (i >= 0) {
                    local[i] = here;
                    remote[i] = there;
                }
            }
            onA.close();
            onB.close();
            long[] added = new long[count];
            for (int i = 0; i < count; i++) {
                added[i] = remote[i] - local[i];
            }
            System.out.printf("%d messages, one at a time, after %d to warm up (microseconds)%n", count, WARM_UP);
            print("publish -> subscriber on A (same node)", local);
            print("publish -> subscriber on B (via Redis)", remote);
            print("added by the bus (B minus A, per message)", added);
        }
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-44s p50 %6d  p90 %6d  p99 %6d  max %7d%n", what, micros(sorted, 0.50),
                micros(sorted, 0.90), micros(sorted, 0.99), sorted[sorted.length - 1] / 1_000);
    }

    private static long micros(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1_000;
    }

    /** A subscriber that notes when each message of the topic arrives (in the listener, not when a test reads it). */
    private static final class Arrivals implements WebSocket.Listener {
        private final BlockingQueue<Long> times = new LinkedBlockingQueue<>();
        private final StringBuilder parts = new StringBuilder();
        private final CountDownLatch subscribed = new CountDownLatch(1);
        private WebSocket socket;

        static Arrivals subscribe(URI uri) throws Exception {
            Arrivals arrivals = new Arrivals();
            arrivals.socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(PushClient.PROTOCOL)
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, arrivals).get(10, TimeUnit.SECONDS);
            arrivals.socket.sendText(PushClient.request("subscribe", TOPIC).toString(), true);
            if (!arrivals.subscribed.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not subscribed within 10 s");
            }
            return arrivals;
        }

        long next() throws InterruptedException {
            Long time = times.poll(10, TimeUnit.SECONDS);
            if (time == null) {
                throw new IllegalStateException("no message within 10 s");
            }
            return time;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            parts.append(data);
            if (last) {
                if (parts.indexOf("\"type\":\"message\"") >= 0) {
                    times.add(now);
                } else if (parts.indexOf("\"type\":\"subscribed\"") >= 0) {
                    subscribed.countDown();
                }
                parts.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).join();
        }
    }
}
