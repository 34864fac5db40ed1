package io.echopush.bus;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The bus across nodes through Redis: {@link Commands} store and read on the caller's thread, a {@link Subscriber}
 * thread hears every node's stores, a {@link Watch} thread pings both; all of them stop with the application.
 */
public final class RedisBus implements TopicBus {

    static final String CHANNEL_PREFIX = RedisTopics.CHANNEL_PREFIX;
    static final int DEFAULT_PORT = 6379;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());

    private final BusObserver observer;
    private final String node = UUID.randomUUID().toString();
    private final BusThreads threads = new BusThreads();
    private final Commands commands;
    private final Subscriber subscriber;
    private final Watch watch;
    private final Object stateLock = new Object();
    private Thread watchThread;
    private Thread subscriberThread;

    /** A bus to Redis at {@code uri}; a topic keeps {@code historySize} messages, {@code ttlMillis} after its last. */
    public RedisBus(URI uri, int historySize, long ttlMillis, Delivery delivery, BusObserver observer) {
        String where = uri.getHost() + ":" + (uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort()); // no password
        this.observer = observer;
        CatchUp catchUp = new CatchUp(delivery);
        this.commands = new Commands(new RedisTopics(uri, CONNECT_TIMEOUT, READ_TIMEOUT, node, historySize, ttlMillis),
                new LinkState("publisher", where, observer, this::reportState), threads, observer, catchUp::owe);
        this.subscriber = new Subscriber(uri, new LinkState("subscriber", where, observer, this::reportState),
                commands, catchUp, threads, delivery, observer);
        this.watch = new Watch(threads, commands, catchUp, subscriber);
        observer.connected(false);
    }

    @Override
    public Position append(Publication publication) {
        return commands.append(publication);
    }

    @Override
    public Snapshot read(String topic) {
        return commands.read(topic);
    }

    @Override
    public synchronized void start() {
        if (threads.running()) {
            return;
        }
        threads.begin();
        LOG.info(() -> "Redis bus starting; this node is " + node);
        watchThread = BusThreads.start(watch, "echopush-bus-watch");
        subscriberThread = BusThreads.start(subscriber, "echopush-bus-subscriber");
    }

    @Override
    public synchronized void stop() {
        if (!threads.running()) {
            return;
        }
        threads.end();
        watchThread.interrupt();
        subscriber.close(); // ends the subscriber's blocking read
        BusThreads.join(watchThread);
        BusThreads.join(subscriberThread);
        commands.close();
        observer.connected(false);
    }

    /** Whether the subscription is up now (the command connections aside). */
    boolean subscribed() {
        return subscriber.isUp();
    }

    private void reportState() {
        // Both threads report: under one lock, so that the last report is the present state.
        synchronized (stateLock) {
            observer.connected(commands.isUp() && subscriber.isUp());
        }
    }
}
