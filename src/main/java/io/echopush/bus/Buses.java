package io.echopush.bus;

import java.net.URI;

/** Makes the bus the {@code echopush.bus} setting names: {@code local}, or the URL of a Redis server. */
public final class Buses {

    public static final String LOCAL = "local";

    private Buses() {
    }

    /** A bus whose broker keeps {@code historySize} messages per topic, {@code ttlMillis} after the last. */
    public static TopicBus create(BusSetting setting, int historySize, long ttlMillis, TopicBus.Delivery delivery,
            BusObserver observer) {
        if (setting.isLocal()) {
            return new LocalBus(observer);
        }
        return new RedisBus(redisUri(setting.value()), historySize, ttlMillis, delivery, observer);
    }

    /**
     * {@code redis://host:port} (or {@code rediss://} for TLS; user, password and database number as Redis URLs
     * have them).
     *
     * @throws IllegalArgumentException if {@code value} is neither {@code local} nor such a URL
     */
    public static URI redisUri(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL", e);
        }
        if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a redis://host:port URL");
        }
        return uri;
    }
}
