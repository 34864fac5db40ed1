package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void travelsWhole() throws Exception {
        Envelope sent = new Envelope("node-1", 42, "alice", new ObjectMapper().readTree("{\"x\":[1,2.50,\"é\"]}"));
        assertEquals(sent, Envelope.decode(sent.encode()));
        Envelope anonymous = new Envelope("node-1", 43, null, new ObjectMapper().readTree("null"));
        assertNull(Envelope.decode(anonymous.encode()).from());
    }

    @Test
    void refusesWhatIsNotAnEnvelope() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("hello"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("{\"node\":\"x\",\"data\":1}"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("{\"node\":1,\"n\":1,\"data\":1}"));
    }
}
