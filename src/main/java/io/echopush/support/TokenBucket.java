package io.echopush.support;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** A token bucket: up to {@code capacity} at once, refilled evenly at {@code capacity} per {@code period}. */
public final class TokenBucket {

    private final int capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    public TokenBucket(int capacity, long period, TimeUnit unit, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.tokensPerNano = capacity / (double) unit.toNanos(period);
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.last = nanoTime.getAsLong();
    }

    public static TokenBucket perMinute(int capacity) {
        return new TokenBucket(capacity, 1, TimeUnit.MINUTES, System::nanoTime);
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
