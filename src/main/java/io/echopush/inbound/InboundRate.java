package io.echopush.inbound;

import io.echopush.support.TokenBucket;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One session's allowance of incoming messages and bytes per second, each up to a burst: containers read at their own
 * pace, so counting in the handler is the one portable bound on the work a client makes the server do (D22).
 */
public final class InboundRate {

    /** Rates and bursts of one session; the byte burst must hold a whole message of the size limit. */
    public record Limits(long messagesPerSecond, long messageBurst, long bytesPerSecond, long byteBurst) {
    }

    private final TokenBucket messages;
    private final TokenBucket bytes;

    public InboundRate(Limits limits, LongSupplier nanoTime) {
        this.messages = new TokenBucket(limits.messageBurst(), limits.messagesPerSecond(), 1, TimeUnit.SECONDS,
                nanoTime);
        this.bytes = new TokenBucket(limits.byteBurst(), limits.bytesPerSecond(), 1, TimeUnit.SECONDS, nanoTime);
    }

    public InboundRate(Limits limits) {
        this(limits, System::nanoTime);
    }

    /** No limit at all (tests of other concerns). */
    public static InboundRate unlimited() {
        return new InboundRate(new Limits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
    }

    /** Counts a part of {@code partBytes} bytes, and a message when it is the {@code last} part. */
    public void admit(int partBytes, boolean last) throws TooFastException {
        if (!bytes.tryTake(partBytes)) {
            throw new TooFastException("bytes");
        }
        if (last && !messages.tryTake()) {
            throw new TooFastException("messages");
        }
    }
}
