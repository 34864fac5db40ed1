package io.echopush.support;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Up to {@code capacity} tokens, refilled evenly at {@code refill} per {@code period}; thread-safe. Counted in whole
 * units, not fractions, so that a token due at a given nanosecond is there at that nanosecond.
 */
public final class TokenBucket {

    private final long unitsPerToken;
    private final long refillPerNano;
    private final long capacityUnits;
    private final LongSupplier nanoTime;
    private long units;
    private long last;

    public TokenBucket(long capacity, long refill, long period, TimeUnit unit, LongSupplier nanoTime) {
        this.unitsPerToken = unit.toNanos(period);
        this.refillPerNano = refill;
        this.capacityUnits = saturatedProduct(capacity, unitsPerToken);
        this.nanoTime = nanoTime;
        this.units = capacityUnits;
        this.last = nanoTime.getAsLong();
    }

    /** Refilled at {@code capacity} per {@code period}: an empty bucket is full again one period later. */
    public TokenBucket(int capacity, long period, TimeUnit unit, LongSupplier nanoTime) {
        this(capacity, capacity, period, unit, nanoTime);
    }

    public static TokenBucket perMinute(int capacity) {
        return new TokenBucket(capacity, 1, TimeUnit.MINUTES, System::nanoTime);
    }

    /** Takes one token if there is one. */
    public boolean tryTake() {
        return tryTake(1);
    }

    /** Takes {@code count} tokens if there are that many; otherwise takes none. */
    public synchronized boolean tryTake(long count) {
        if (capacityUnits == Long.MAX_VALUE) {
            return true; // too large to count: never empty
        }
        long now = nanoTime.getAsLong();
        long elapsed = now - last;
        last = now;
        long room = capacityUnits - units;
        units = elapsed >= room / refillPerNano + 1 ? capacityUnits : units + elapsed * refillPerNano;
        long wanted = saturatedProduct(count, unitsPerToken);
        if (units >= wanted) {
            units -= wanted;
            return true;
        }
        return false;
    }

    /** {@code a × b}, or {@code Long.MAX_VALUE} where that does not fit: a bucket that large is never empty. */
    private static long saturatedProduct(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high == 0 && low >= 0 ? low : Long.MAX_VALUE;
    }
}
