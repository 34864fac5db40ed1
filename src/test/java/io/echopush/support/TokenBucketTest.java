package io.echopush.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong();
    private final TokenBucket bucket = new TokenBucket(20, 1, TimeUnit.MINUTES, now::get);

    @Test
    void aBurstOfCapacityPassesAndOneMoreDoesNot() {
        for (int i = 0; i < 20; i++) {
            assertTrue(bucket.tryTake(), "token " + (i + 1));
        }
        assertFalse(bucket.tryTake(), "token 21");
    }

    @Test
    void tokensComeBackEvenlyAndNeverBeyondCapacity() {
        for (int i = 0; i < 20; i++) {
            bucket.tryTake();
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(3) - 1);
        assertFalse(bucket.tryTake(), "20 per minute: one every 3 s");
        now.addAndGet(1);
        assertTrue(bucket.tryTake());
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        for (int i = 0; i < 20; i++) {
            assertTrue(bucket.tryTake());
        }
        assertFalse(bucket.tryTake());
    }
}
