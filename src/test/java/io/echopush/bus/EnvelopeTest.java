package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echopush.support.ExactJson;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final ObjectMapper JSON = ExactJson.MAPPER;

    @Test
    void travelsWhole() throws Exception {
        Envelope sent = new Envelope("node-1", 42, "alice", JSON.readTree("{\"x\":[1,2.50,\"é\"]}"));
        assertEquals(sent, Envelope.decode(sent.encode()));
        Envelope anonymous = new Envelope("node-1", 43, null, JSON.readTree("null"));
        assertNull(Envelope.decode(anonymous.encode()).from());
    }

    /** A plain ObjectMapper made 2.50 into 2.5 and 1e400 into Infinity, which is not JSON, on every other node. */
    @Test
    void numbersKeepTheirExactText() throws Exception {
        Envelope sent = new Envelope("node-1", 1, null, JSON.readTree("[2.50,1e400,12345678901234567890.123456789]"));
        assertEquals("[2.50,1E+400,12345678901234567890.123456789]", Envelope.decode(sent.encode()).data().toString());
    }

    /** The broker is a trust boundary: what no node lets in is refused when it comes from there. */
    @Test
    void refusesWhatUtf8CannotCarryFromTheBroker() {
        assertThrows(IllegalArgumentException.class,
                () -> Envelope.decode("{\"node\":\"x\",\"n\":1,\"data\":{\"a\":[\"\\udc00 hi\"]}}"));
        assertThrows(IllegalArgumentException.class,
                () -> Envelope.decode("{\"node\":\"x\",\"n\":1,\"from\":\"\\ud800\",\"data\":1}"));
    }

    @Test
    void refusesWhatIsNotAnEnvelope() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("hello"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("{\"node\":\"x\",\"data\":1}"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("{\"node\":1,\"n\":1,\"data\":1}"));
    }
}
