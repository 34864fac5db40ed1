package io.echopush.inbound;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A session's inbound allowance at its limits: burst − 1, burst, burst + 1, then the refill. */
class InboundRateTest {

    private static final InboundRate.Limits LIMITS = new InboundRate.Limits(100, 10, 1_000, 2_000);

    private final AtomicLong now = new AtomicLong();
    private final InboundRate rate = new InboundRate(LIMITS, now::get);

    @Test
    void aBurstOfMessagesPassesAndOneMoreIsRefusedWith1008() throws Exception {
        for (int i = 0; i < 9; i++) {
            rate.admit(0, true);
        }
        assertDoesNotThrow(() -> rate.admit(0, true), "burst − 1 passed; this is the burst");
        TooFastException refused = assertThrows(TooFastException.class, () -> rate.admit(0, true), "burst + 1");
        assertEquals(CloseCodes.VIOLATED_POLICY, refused.closeCode());
        assertEquals("Too many messages per second", refused.getMessage());
    }

    @Test
    void partsCountTheirBytesAndOnlyTheLastPartCountsAMessage() throws Exception {
        for (int i = 0; i < 20; i++) {
            rate.admit(99, false); // 20 parts of one message: 1,980 bytes, no message yet
        }
        assertDoesNotThrow(() -> rate.admit(20, true), "2,000 bytes: the byte burst");
        TooFastException refused = assertThrows(TooFastException.class, () -> rate.admit(1, true));
        assertEquals("Too many bytes per second", refused.getMessage());
    }

    @Test
    void theAllowanceComesBackAtTheRateAndNeverBeyondTheBurst() throws Exception {
        for (int i = 0; i < 10; i++) {
            rate.admit(0, true);
        }
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(10) - 1);
        assertThrows(TooFastException.class, () -> rate.admit(0, true), "100 a second: one every 10 ms");
        now.addAndGet(1);
        assertDoesNotThrow(() -> rate.admit(0, true));
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        for (int i = 0; i < 10; i++) {
            rate.admit(0, true);
        }
        assertThrows(TooFastException.class, () -> rate.admit(0, true), "an idle hour still allows only the burst");
    }

    @Test
    void theAssemblerRefusesTheFirstMessageTooManyAndIgnoresEverythingAfter() throws Exception {
        MessageAssembler assembler = new MessageAssembler(1_000, new InboundRate(LIMITS, now::get));
        for (int i = 0; i < 10; i++) {
            assembler.text("m" + i, true);
        }
        assertThrows(TooFastException.class, () -> assembler.text("one too many", true));
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        assertNull(assembler.text("later", true), "the session is closing: nothing more is taken");
        assertNull(assembler.binary(ByteBuffer.allocate(1), true));
    }
}
