package io.echopush.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.outbound.OutboundMessage.Mark;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.Since;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stream's cursor: one id for every topic, read back exactly, and nothing guessed from a malformed one. */
class CursorTest {

    @Test
    void theIdNamesEveryTopicAtItsLatestPositionInTheOrderTheyCame() {
        Cursor cursor = new Cursor();
        assertEquals("a:e1:0", cursor.move(new Mark("a", "e1", 0)));
        assertEquals("a:e1:0,b.x-y_z:e2:7", cursor.move(new Mark("b.x-y_z", "e2", 7)));
        assertEquals("a:e1:1,b.x-y_z:e2:7", cursor.move(new Mark("a", "e1", 1)));
        assertEquals("a:e3:0,b.x-y_z:e2:7", cursor.move(new Mark("a", "e3", 0)), "a new epoch replaces the old");
    }

    @Test
    void anIdReadsBackAsThePositionsItNames() throws BadRequestException {
        Cursor cursor = new Cursor();
        cursor.move(new Mark("a", "e1", 41));
        String id = cursor.move(new Mark("b", "e2", Long.parseLong("999999999999999999")));
        assertEquals(Map.of("a", new Since("e1", 41), "b", new Since("e2", 999_999_999_999_999_999L)),
                Cursor.parse(id));
        assertEquals(List.of("a", "b"), List.copyOf(Cursor.parse(id).keySet()));
    }

    @Test
    void noIdOrABlankOneIsNoPosition() throws BadRequestException {
        assertTrue(Cursor.parse(null).isEmpty());
        assertTrue(Cursor.parse("").isEmpty());
        assertTrue(Cursor.parse("  ").isEmpty());
    }

    @Test
    void aMalformedIdIsRefusedNeverGuessedAt() {
        for (String bad : new String[] {"a", "a:e", "a:e:1:2", "a:e:-1", "a:e:x", "a:e:1,", ",a:e:1", "a b:e:1",
                "a:e:1,a:e:2", "a::1", "a:e:1234567890123456789", "a:" + "e".repeat(65) + ":1",
                "a:e\u00e9:1", "a:e:1;b:e:2"}) {
            assertThrows(BadRequestException.class, () -> Cursor.parse(bad), bad);
        }
    }

    @Test
    void topicAndEpochLengthsAtTheirLimits() throws BadRequestException {
        String topic = "t".repeat(64);
        String epoch = "e".repeat(64);
        assertEquals(Map.of(topic, new Since(epoch, 0)), Cursor.parse(topic + ":" + epoch + ":0"));
        assertThrows(BadRequestException.class, () -> Cursor.parse(topic + "t:" + epoch + ":0"));
    }
}
