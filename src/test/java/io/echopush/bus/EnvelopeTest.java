package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echopush.support.ExactJson;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final ObjectMapper JSON = ExactJson.MAPPER;
    private static final Position AT = new Position("e1", 42);

    /** What the store script publishes: the position spliced in after the envelope's opening brace. */
    static String onChannel(Position position, Envelope envelope) {
        return "{\"epoch\":\"" + position.epoch() + "\",\"seq\":" + position.seq() + "," + envelope.encode().substring(1);
    }

    @Test
    void travelsWholeInTheStreamAndOnTheChannel() throws Exception {
        Publication sent = new Publication("news", JSON.readTree("{\"x\":[1,2.50,\"é\"]}"), "alice",
                "2026-12-06T00:00:00.123Z");
        Envelope envelope = new Envelope("node-1", sent);
        assertEquals(new Stored(AT, sent), Envelope.decode("news", AT, envelope.encode()));
        assertEquals(new Stored(AT, sent), Envelope.decodePositioned("news", onChannel(AT, envelope)));
        Publication anonymous = new Publication("news", JSON.readTree("null"), null, "2026-12-06T00:00:00Z");
        assertNull(Envelope.decode("news", AT, new Envelope("node-1", anonymous).encode()).publication().from());
    }

    /** A plain ObjectMapper made 2.50 into 2.5 and 1e400 into Infinity, which is not JSON, on every other node. */
    @Test
    void numbersKeepTheirExactText() throws Exception {
        Publication sent = new Publication("news", JSON.readTree("[2.50,1e400,12345678901234567890.123456789]"), null,
                "2026-12-06T00:00:00Z");
        assertEquals("[2.50,1E+400,12345678901234567890.123456789]",
                Envelope.decode("news", AT, new Envelope("n", sent).encode()).publication().data().toString());
    }

    /** The broker is a trust boundary: what no node lets in is refused when it comes from there. */
    @Test
    void refusesWhatUtf8CannotCarryFromTheBroker() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.decodePositioned("news",
                "{\"epoch\":\"e\",\"seq\":1,\"node\":\"x\",\"time\":\"t\",\"data\":{\"a\":[\"\\udc00 hi\"]}}"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("news", AT,
                "{\"node\":\"x\",\"time\":\"t\",\"from\":\"\\ud800\",\"data\":1}"));
    }

    @Test
    void refusesWhatIsNotAnEnvelopeOrHasNoPosition() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("news", AT, "hello"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("news", AT, "{\"node\":\"x\",\"data\":1}"));
        assertThrows(IllegalArgumentException.class,
                () -> Envelope.decode("news", AT, "{\"node\":1,\"time\":\"t\",\"data\":1}"));
        String envelope = "\"node\":\"x\",\"time\":\"t\",\"data\":1}";
        assertThrows(IllegalArgumentException.class, () -> Envelope.decodePositioned("news", "{" + envelope));
        assertThrows(IllegalArgumentException.class,
                () -> Envelope.decodePositioned("news", "{\"epoch\":\"e\",\"seq\":0," + envelope));
        assertThrows(IllegalArgumentException.class,
                () -> Envelope.decodePositioned("news", "{\"epoch\":7,\"seq\":1," + envelope));
        assertEquals(1, Envelope.decodePositioned("news", "{\"epoch\":\"e\",\"seq\":1," + envelope).position().seq());
    }
}
