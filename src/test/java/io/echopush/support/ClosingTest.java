package io.echopush.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClosingTest {

    @Test
    void aShortReasonIsKept() {
        assertEquals("bye", Closing.fit("bye"));
        String exactly = "r".repeat(123);
        assertEquals(exactly, Closing.fit(exactly));
    }

    @Test
    void aLongReasonIsCutTo123Bytes() {
        assertEquals("r".repeat(123), Closing.fit("r".repeat(124)));
    }

    /** Cut on a character boundary, never through a multi-byte character or a surrogate pair. */
    @Test
    void aCutNeverSplitsACharacter() {
        for (String unit : new String[] {"é", "✓", "😀"}) {
            String fitted = Closing.fit("a" + unit.repeat(100));
            int bytes = fitted.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes <= 123 && bytes > 123 - 4, unit + ": " + bytes + " bytes");
            assertEquals(fitted, new String(fitted.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            assertTrue(fitted.substring(1).replace(unit, "").isEmpty(), "no broken unit in " + unit);
        }
    }

    @Test
    void utf8LengthCountsBytes() {
        assertEquals(0, Utf8.length(""));
        assertEquals(1 + 2 + 3 + 4, Utf8.length("aé✓😀"));
    }

    /** RFC 6455 §7.4.1: 1005, 1006 and 1015 are never sent; every other code goes out as asked. */
    @Test
    void codesThatOnlyDescribeACloseAreNeverSent() {
        for (CloseReason.CloseCode code : new CloseReason.CloseCode[] {CloseCodes.NO_STATUS_CODE,
                CloseCodes.CLOSED_ABNORMALLY, CloseCodes.TLS_HANDSHAKE_FAILURE}) {
            assertEquals(1011, Closing.reason(code, "x").getCloseCode().getCode(), "instead of " + code);
        }
        for (CloseReason.CloseCode code : new CloseReason.CloseCode[] {CloseCodes.NORMAL_CLOSURE,
                CloseCodes.GOING_AWAY, CloseCodes.VIOLATED_POLICY, CloseCodes.TOO_BIG, CloseCodes.CANNOT_ACCEPT}) {
            assertEquals(code.getCode(), Closing.reason(code, "x").getCloseCode().getCode());
        }
    }
}
