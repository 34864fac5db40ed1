package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.echopush.testing.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two buses (two nodes' worth) on one real redis-server: what one publishes reaches the other exactly once and
 * its own subscribers exactly once; the broker killed and started again costs the messages of the outage only,
 * never local delivery, and the threads end on stop.
 */
class RedisBusTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedisServer redis;
    private Node a;
    private Node b;

    /** One node: its bus and what the bus delivered to its subscribers. */
    private static final class Node implements TopicBus.Delivery {
        final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
        final RecordingObserver observer = new RecordingObserver();
        final RedisBus bus;

        Node(String url) {
            bus = new RedisBus(URI.create(url), this, observer);
            bus.start();
        }

        @Override
        public int deliver(String topic, JsonNode data, String from) {
            delivered.add(topic + ":" + data.asText() + ":" + from);
            return 1;
        }

        String next() throws InterruptedException {
            String message = delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(message, "nothing delivered within " + WAIT);
            return message;
        }

        /** As the topic registry publishes: delivered here at once, then shared with the other nodes. */
        void publish(String topic, String text) {
            JsonNode data = JsonNodeFactory.instance.textNode(text);
            deliver(topic, data, "alice");
            bus.share(topic, data, "alice");
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
    void aPublishReachesTheOtherNodeOnceAndItsOwnNodeOnce() throws InterruptedException {
        for (int i = 1; i <= 3; i++) {
            a.publish("news", "m" + i);
        }
        a.publish("news", "end-a");
        // Here at once, on the caller's thread.
        assertEquals(List.of("news:m1:alice", "news:m2:alice", "news:m3:alice", "news:end-a:alice"), drain(a, 4));
        // There once each, in order: a second copy of any would come before the marker.
        assertEquals(List.of("news:m1:alice", "news:m2:alice", "news:m3:alice", "news:end-a:alice"), drain(b, 4));
        // B's marker leaves after A's messages were through Redis: if A's own had come back to it, they would be first.
        b.publish("news", "end-b");
        assertEquals("news:end-b:alice", b.next());
        assertEquals("news:end-b:alice", a.next());
        assertTrue(a.delivered.isEmpty() && b.delivered.isEmpty());
        a.observer.await("sent by A", RecordingObserver::countSent, 4, WAIT);
        b.observer.await("received by B", RecordingObserver::countReceived, 4, WAIT);
        a.observer.await("received by A", RecordingObserver::countReceived, 1, WAIT);
        a.observer.await("missed by A", RecordingObserver::countMissed, 0, WAIT);
    }

    @Test
    void theBrokerGoingAwayCostsOnlyTheOutagesMessages() throws InterruptedException {
        a.publish("news", "before");
        assertEquals("news:before:alice", a.next());
        assertEquals("news:before:alice", b.next());

        redis.kill();
        a.observer.awaitConnected(false, WAIT);
        b.observer.awaitConnected(false, WAIT);
        long started = System.nanoTime();
        a.publish("news", "during");
        // Local delivery neither waits for the broker nor fails without it.
        assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(500), "publish waited for the broker");
        assertEquals("news:during:alice", a.next());
        // Dropped before the broker is back, so that it cannot be sent late.
        a.observer.await("dropped by A", RecordingObserver::countDropped, 1, WAIT);

        redis.restart();
        a.observer.awaitConnected(true, WAIT);
        b.observer.awaitConnected(true, WAIT);
        a.publish("news", "after");
        assertEquals("news:after:alice", a.next());
        // "during" is lost across nodes (at most once), "after" arrives once.
        assertEquals("news:after:alice", b.next());
        b.publish("news", "end-b");
        assertEquals("news:end-b:alice", b.next());
        assertEquals("news:end-b:alice", a.next());
        assertTrue(a.delivered.isEmpty() && b.delivered.isEmpty());
        // Both connections of each bus were made again (B's publisher may notice only now, at its next ping).
        a.observer.awaitAtLeast("reconnects of A", RecordingObserver::countReconnects, 2, WAIT);
        b.observer.awaitAtLeast("reconnects of B", RecordingObserver::countReconnects, 2, WAIT);
        // B saw the gap in A's numbering where the dropped message was.
        b.observer.await("missed by B", RecordingObserver::countMissed, 1, WAIT);
    }

    @Test
    void aBrokerThatStopsAnsweringIsLeftAndFoundAgain() throws InterruptedException {
        redis.freeze();
        // Nothing is closed: the publisher's ping times out, the subscription goes unanswered and is closed.
        a.observer.awaitConnected(false, WAIT);
        b.observer.awaitConnected(false, WAIT);
        // The subscription's read waits forever: it is given up after 5 s without a pong (every change is reported).
        a.observer.await("A's subscription up", o -> a.bus.subscribed() ? 1 : 0, 0, WAIT);
        b.observer.await("B's subscription up", o -> b.bus.subscribed() ? 1 : 0, 0, WAIT);
        a.publish("news", "frozen");
        assertEquals("news:frozen:alice", a.next());

        redis.resume();
        a.observer.awaitConnected(true, WAIT);
        b.observer.awaitConnected(true, WAIT);
        b.publish("news", "thawed");
        assertEquals("news:thawed:alice", b.next());
        assertEquals("news:thawed:alice", a.next());
    }

    @Test
    void aNodeWhoseBrokerIsUnreachableStillServesItsOwn() throws InterruptedException {
        Node alone = new Node("redis://127.0.0.1:" + redis.port());
        try {
            redis.kill();
            alone.observer.awaitConnected(false, WAIT);
            Node late = new Node(redis.url()); // started while the broker is away
            try {
                late.publish("news", "alone");
                assertEquals("news:alone:alice", late.next());
                late.observer.await("dropped while away", RecordingObserver::countDropped, 1, WAIT);
                redis.restart();
                late.observer.awaitConnected(true, WAIT);
                alone.observer.awaitConnected(true, WAIT);
                late.publish("news", "together");
                assertEquals("news:together:alice", late.next());
                assertEquals("news:together:alice", alone.next());
            } finally {
                late.bus.stop();
            }
        } finally {
            alone.bus.stop();
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

    private static List<String> drain(Node node, int count) throws InterruptedException {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(node.next());
        }
        return messages;
    }
}
