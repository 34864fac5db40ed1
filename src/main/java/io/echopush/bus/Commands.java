package io.echopush.bus;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publisher side: stores and reads on the caller's thread through {@link RedisTopics}. While its link is known
 * to be down nothing waits for Redis: the registry delivers on this node only, under a node-local epoch.
 */
final class Commands {

    private final RedisTopics topics;
    private final LinkState link;
    private final BusThreads threads;
    private final BusObserver observer;
    private final Runnable lost;
    // When a command last succeeded: a failure of one that started before it says nothing about the link now.
    private final AtomicLong answeredAt = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));

    /** {@code lost} runs when the link goes down: what was stored meanwhile must be caught up on. */
    Commands(RedisTopics topics, LinkState link, BusThreads threads, BusObserver observer, Runnable lost) {
        this.topics = topics;
        this.link = link;
        this.threads = threads;
        this.observer = observer;
        this.lost = lost;
    }

    Position append(Publication publication) {
        if (!threads.running() || !link.isUp()) {
            observer.dropped();
            return null;
        }
        long started = System.nanoTime();
        try {
            Position position = topics.append(publication);
            answered();
            observer.sent();
            return position;
        } catch (RuntimeException e) {
            failed(e, started);
            observer.dropped();
            return null;
        }
    }

    Snapshot read(String topic) {
        if (!threads.running() || !link.isUp()) {
            return null;
        }
        long started = System.nanoTime();
        try {
            Snapshot snapshot = topics.read(topic);
            answered();
            return snapshot;
        } catch (RuntimeException e) {
            failed(e, started);
            return null;
        }
    }

    /** Answers whether the link is up (made again if it was not). */
    boolean ping() {
        long started = System.nanoTime();
        try {
            topics.ping();
            answered();
            return true;
        } catch (RuntimeException e) {
            if (threads.running()) {
                failed(e, started);
            }
            return link.isUp();
        }
    }

    boolean isUp() {
        return link.isUp();
    }

    /** Drops the idle connections: after a failure they are likely dead too, and each would fail one request. */
    void forgetIdle() {
        topics.forgetIdle();
    }

    void close() {
        topics.close();
    }

    private void answered() {
        answeredAt.accumulateAndGet(System.nanoTime(), (last, now) -> now - last > 0 ? now : last);
        link.up();
    }

    /**
     * A command begun at {@code started} failed: the link is down unless another answered since it began (behind a
     * TCP load balancer, a ping held through an outage fails only after Redis is back).
     */
    private void failed(RuntimeException e, long started) {
        topics.forgetIdle();
        if (answeredAt.get() - started > 0) {
            return;
        }
        link.down(e.toString());
        lost.run();
    }
}
