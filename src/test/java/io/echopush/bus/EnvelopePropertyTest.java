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
            Envelope sent = new Envelope("node-1", new Publication("t", tree, "ann", "2026-12-06T00:00:00Z"));
            String onChannel = EnvelopeTest.onChannel(new Position("e", 7), sent);
            if (data.encodable()) {
                JsonNode received = Envelope.decodePositioned("t", onChannel).publication().data();
                assertTrue(JsonTexts.sameValue(tree, received), () -> tree + " arrived as " + received);
                assertEquals(tree.toString(), received.toString());
            } else {
                assertThrows(IllegalArgumentException.class, () -> Envelope.decodePositioned("t", onChannel));
            }
        });
    }
}
