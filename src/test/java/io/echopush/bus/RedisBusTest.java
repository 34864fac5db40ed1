package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.echopush.testing.RedisServer;
import io.echopush.testing.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Two buses (two nodes' worth) on one real redis-server: positions come from Redis, one sequence per topic whoever
 * stores; each node's channel carries every stored message once, in seq order, its own included; the history is
 * trimmed to its size; while the broker is away a store fails at once, and a bus that subscribes again says so.
 */
class RedisBusTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int HISTORY = 3;

    private RedisServer redis;
    private Node a;
    private Node b;

    /** One node: its bus and what the bus handed it. */
    private static final class Node implements TopicBus.Delivery {
        final BlockingQueue<Stored> delivered = new LinkedBlockingQueue<>();
        final RecordingObserver observer = new RecordingObserver();
        final BlockingQueue<Boolean> reconnects = new LinkedBlockingQueue<>();
        final RedisBus bus;

        Node(String url) {
            bus = new RedisBus(URI.create(url), HISTORY, 60_000, this, observer);
            bus.start();
        }

        @Override
        public void deliver(Stored stored) {
            delivered.add(stored);
        }

        @Override
        public void reconnected() {
            reconnects.add(true);
        }

        Stored next() throws InterruptedException {
            Stored message = delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(message, "nothing delivered within " + WAIT);
            return message;
        }

        Position publish(String topic, String text) {
            return bus.append(new Publication(topic, JsonNodeFactory.instance.textNode(text), "alice",
                    "2026-12-06T00:00:00Z"));
        }
    }

    @BeforeEach
    void start() throws InterruptedException {
        redis = RedisServer.start();
        a = new Node(redis.url());
        b = new Node(redis.url());
        a.observer.awaitConnected(true, WAIT);
        b.observer.awaitConnected(true, WAIT);
    }

    @AfterEach
    void stop() {
        a.bus.stop();
        b.bus.stop();
        redis.close();
    }

    @Test
    void oneSequencePerTopicWhoeverStoresAndEveryNodeHearsItInOrder() throws InterruptedException {
        Position first = a.publish("news", "m1");
        assertEquals(1, first.seq());
        assertEquals(new Position(first.epoch(), 2), b.publish("news", "m2"));
        assertEquals(new Position(first.epoch(), 3), a.publish("news", "m3"));
        assertEquals(1, a.publish("other", "o1").seq(), "each topic its own sequence");
        for (Node node : List.of(a, b)) {
            for (int seq = 1; seq <= 3; seq++) {
                Stored stored = node.next();
                if (stored.publication().topic().equals("other")) {
                    stored = node.next();
                }
                assertEquals(new Position(first.epoch(), seq), stored.position());
                assertEquals("m" + seq, stored.publication().data().asText());
                assertEquals("alice", stored.publication().from());
            }
        }
    }

    /** Two nodes storing at once never hand out the same seq, and each channel carries 1..N in order. */
    @Test
    void concurrentStoresOnTwoNodesGetDistinctConsecutivePositions() throws Exception {
        int each = 200;
        CompletableFuture<List<Long>> onA = CompletableFuture.supplyAsync(() -> store(a, each));
        CompletableFuture<List<Long>> onB = CompletableFuture.supplyAsync(() -> store(b, each));
        List<Long> all = new ArrayList<>(onA.get(60, TimeUnit.SECONDS));
        all.addAll(onB.get(60, TimeUnit.SECONDS));
        all.sort(null);
        assertEquals(LongStream.rangeClosed(1, 2L * each).boxed().toList(), all);
        for (Node node : List.of(a, b)) {
            for (long seq = 1; seq <= 2L * each; seq++) {
                assertEquals(seq, node.next().position().seq());
            }
        }
    }

    /** The history keeps exactly its size: at size - 1, = and + 1 messages. */
    @Test
    void theHistoryKeepsItsSizeNewestFirstOut() {
        String topic = "kept";
        Snapshot empty = a.bus.read(topic);
        assertEquals(0, empty.top().seq(), "seq 0 before the first message");
        assertEquals(empty.top().epoch(), b.bus.read(topic).top().epoch(), "one epoch, made once");
        for (int n = 1; n <= HISTORY + 1; n++) {
            a.publish(topic, "m" + n);
            Snapshot snapshot = b.bus.read(topic);
            assertEquals(n, snapshot.top().seq());
            assertEquals(empty.top().epoch(), snapshot.top().epoch());
            List<Long> kept = snapshot.kept().stream().map(s -> s.position().seq()).toList();
            assertEquals(LongStream.rangeClosed(Math.max(1, n - HISTORY + 1), n).boxed().toList(), kept);
            assertEquals("m" + n, snapshot.kept().get(kept.size() - 1).publication().data().asText());
        }
        try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
            long ttl = jedis.pttl("echopush:{kept}:log");
            assertTrue(ttl > 0 && ttl <= 60_000, "the history expires after its ttl: " + ttl);
            assertTrue(jedis.pttl("echopush:{kept}:pos") > 0);
        }
    }

    @Test
    void aFlushStartsANewEpoch() {
        Position before = a.publish("news", "m1");
        try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
            jedis.flushAll();
        }
        Position after = b.publish("news", "m2");
        assertNotEquals(before.epoch(), after.epoch());
        assertEquals(1, after.seq());
    }

    @Test
    void withTheBrokerGoneAStoreFailsAtOnceAndTheSubscriptionComesBackSayingSo() throws InterruptedException {
        assertEquals(true, a.reconnects.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "first subscription");
        redis.kill();
        a.observer.awaitConnected(false, WAIT);
        b.observer.awaitConnected(false, WAIT);
        long started = System.nanoTime();
        assertNull(a.publish("news", "during"));
        assertNull(a.bus.read("news"));
        assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(500), "a store waited for the broker");
        a.observer.await("dropped by A", RecordingObserver::countDropped, 1, WAIT);

        redis.restart();
        a.observer.awaitConnected(true, WAIT);
        b.observer.awaitConnected(true, WAIT);
        assertEquals(true, a.reconnects.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "told to catch up");
        Position after = a.publish("news", "after");
        assertEquals(1, after.seq(), "a broker without persistence starts a new epoch");
        assertEquals(after, b.next().position());
        a.observer.awaitAtLeast("reconnects of A", RecordingObserver::countReconnects, 2, WAIT);
    }

    @Test
    void aBrokerThatStopsAnsweringIsLeftAndFoundAgain() throws InterruptedException {
        redis.freeze();
        // Nothing is closed: the command ping times out, the subscription goes unanswered and is closed.
        a.observer.awaitConnected(false, WAIT);
        b.observer.awaitConnected(false, WAIT);
        // The subscription's read waits forever: it is given up after 5 s without a pong (every change is reported).
        a.observer.await("A's subscription up", o -> a.bus.subscribed() ? 1 : 0, 0, WAIT);
        b.observer.await("B's subscription up", o -> b.bus.subscribed() ? 1 : 0, 0, WAIT);
        assertNull(a.publish("news", "frozen"));

        redis.resume();
        a.observer.awaitConnected(true, WAIT);
        b.observer.awaitConnected(true, WAIT);
        Position thawed = b.publish("news", "thawed");
        assertNotNull(thawed);
        assertEquals(thawed, a.next().position());
    }

    /**
     * Behind a TCP load balancer (a proxy that holds connections open, unanswered, while Redis is down), a ping sent
     * in the outage fails only after Redis is back and other commands already succeed: that late failure must not
     * take the link down again (it did, and a publish right after the restart went to this node only).
     */
    @Test
    void aLateFailureFromBeforeTheRestartDoesNotTakeTheLinkDown() throws InterruptedException {
        try (TcpProxy proxy = new TcpProxy(redis.port())) {
            Node behind = new Node("redis://127.0.0.1:" + proxy.port());
            try {
                behind.observer.awaitConnected(true, WAIT);
                redis.kill();
                behind.observer.awaitConnected(false, WAIT);
                redis.restart();
                behind.observer.awaitConnected(true, WAIT);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); // past any ping held in the outage
                for (int i = 0; System.nanoTime() - until < 0; i++) {
                    assertNotNull(behind.publish("after", "m" + i), "store " + i + " after the restart went local");
                }
            } finally {
                behind.bus.stop();
            }
        }
    }

    @Test
    void stopEndsTheBusThreadsEvenWithTheBrokerAway() throws InterruptedException {
        redis.kill();
        a.observer.awaitConnected(false, WAIT);
        a.bus.stop();
        b.bus.stop();
        List<String> left = new ArrayList<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(name -> name.startsWith("echopush-bus-")).forEach(left::add);
        assertEquals(List.of(), left);
    }

    private static List<Long> store(Node node, int count) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seqs.add(node.publish("race", "m" + i).seq());
        }
        return seqs;
    }
}
