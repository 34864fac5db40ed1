package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.support.ExactJson;
import io.echopush.testing.JsonTexts;
import org.junit.jupiter.api.Test;

/**
 * Between nodes a value stays the same value, number text included, so every node's subscribers get the same bytes;
 * what a node would never have let in (a lone surrogate, say, forged on the broker) is refused on arrival.
 */
class EnvelopePropertyTest {

    @Test
    void dataCrossesTheBusUnchangedOrIsRefused() {
        qt().withExamples(3000).forAll(JsonTexts.values()).checkAssert(data -> {
            JsonNode tree;
            try {
                tree = ExactJson.MAPPER.readTree(data.text());
            } catch (JsonProcessingException | NumberFormatException neverLetIn) {
                return;
            }
            Envelope sent = new Envelope("node-1", 7, "ann", tree);
            if (data.encodable()) {
                Envelope received = Envelope.decode(sent.encode());
                assertTrue(JsonTexts.sameValue(tree, received.data()), () -> tree + " arrived as " + received.data());
                assertEquals(tree.toString(), received.data().toString());
            } else {
                assertThrows(IllegalArgumentException.class, () -> Envelope.decode(sent.encode()));
            }
        });
    }
}
