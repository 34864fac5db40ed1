package io.echopush.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.support.ExactJson;
import io.echopush.testing.JsonTexts.Json;
import io.echopush.testing.JsonTexts;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * For any JSON value a client may send as {@code data}: either the codec refuses it with a reason, or the message
 * every subscriber gets encodes as UTF-8 without loss and carries exactly that value. What UTF-8 cannot carry (a
 * lone surrogate in any string or key, at any depth) is always refused, on {@code /push} and over HTTP alike.
 */
class PushCodecPropertyTest {

    private static final String TIME = "2026-12-05T00:00:00.000Z";

    @Test
    void aPublishIsDeliveredExactlyOrRefused() {
        qt().withExamples(3000).forAll(JsonTexts.values()).checkAssert(data -> {
            String request = "{\"type\":\"publish\",\"topic\":\"t\",\"data\":" + data.text() + ",\"id\":\"r\"}";
            ClientMessage.Publish publish;
            try {
                publish = (ClientMessage.Publish) PushCodec.decode(request);
            } catch (BadRequestException refused) {
                assertRefusedForAReason(data, refused);
                if (refused.getMessage().startsWith(PushCodec.UNENCODABLE)) {
                    assertEquals("r", refused.id().textValue(), "the error names the request");
                }
                return;
            }
            assertTrue(data.encodable(), "let in what UTF-8 cannot carry");
            assertCarriedExactly(publish.data());
        });
    }

    @Test
    void anHttpBodyIsDeliveredExactlyOrRefused() {
        qt().withExamples(3000).forAll(JsonTexts.values()).checkAssert(data -> {
            JsonNode body;
            try {
                body = PushCodec.parse(data.text());
            } catch (BadRequestException refused) {
                assertRefusedForAReason(data, refused);
                return;
            }
            assertTrue(data.encodable(), "let in what UTF-8 cannot carry");
            assertCarriedExactly(body);
        });
    }

    @Test
    void anIdThatUtf8CannotCarryIsRefusedAndNeverEchoed() {
        qt().withExamples(1000).forAll(JsonTexts.strings()).checkAssert(id -> {
            String request = "{\"type\":\"subscribe\",\"topic\":\"t\",\"id\":" + id.text() + "}";
            if (id.encodable()) {
                try {
                    assertEquals(ExactJson.MAPPER.readTree(id.text()), PushCodec.decode(request).id());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            } else {
                BadRequestException refused = assertThrows(BadRequestException.class, () -> PushCodec.decode(request));
                assertNull(refused.id(), refused.getMessage());
            }
        });
    }

    /** Unencodable data for that reason or as invalid JSON; encodable data only as invalid JSON (a duplicate key). */
    private static void assertRefusedForAReason(Json data, BadRequestException refused) {
        String reason = refused.getMessage();
        if (data.encodable()) {
            assertTrue(reason.startsWith("not valid JSON"), "refused a value UTF-8 can carry: " + reason);
        } else {
            assertTrue(reason.startsWith(PushCodec.UNENCODABLE) || reason.startsWith("not valid JSON"), reason);
        }
        assertFalse(data.text().length() > 8 && reason.contains(data.text()), "a reason never quotes the data: " + reason);
    }

    /** The message as sent to subscribers: strict UTF-8, the same value back, and the same text when sent on. */
    private static void assertCarriedExactly(JsonNode data) {
        String sent = PushCodec.encode(new ServerMessage.Message("t", data, "e", 1, TIME, null));
        JsonNode back;
        try {
            back = ExactJson.MAPPER.readTree(strictUtf8RoundTrip(sent)).get("data");
        } catch (Exception e) {
            throw new AssertionError("subscribers cannot read " + sent, e);
        }
        assertTrue(JsonTexts.sameValue(data, back), () -> data + " arrived as " + back);
        assertEquals(sent, PushCodec.encode(new ServerMessage.Message("t", back, "e", 1, TIME, null)));
    }

    private static String strictUtf8RoundTrip(String text) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
            return StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("a message UTF-8 cannot encode: every send of it would fail", e);
        }
    }
}
