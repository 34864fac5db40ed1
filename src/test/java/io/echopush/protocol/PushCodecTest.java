package io.echopush.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PushCodecTest {

    @Test
    void decodesTheThreeRequests() throws Exception {
        assertEquals(new ClientMessage.Subscribe("a.b_c-1", null, null), PushCodec.decode("{\"type\":\"subscribe\",\"topic\":\"a.b_c-1\"}"));
        assertEquals(new ClientMessage.Unsubscribe("T", null), PushCodec.decode("{\"topic\":\"T\",\"type\":\"unsubscribe\"}"));
        ClientMessage.Publish publish = assertInstanceOf(ClientMessage.Publish.class,
                PushCodec.decode("{\"type\":\"publish\",\"topic\":\"T\",\"data\":{\"x\":[1.10,2]},\"id\":7}"));
        assertEquals("{\"x\":[1.10,2]}", publish.data().toString(), "numbers keep their exact text");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "not json                                              | not valid JSON",
            "{\"type\":\"subscribe\",\"topic\":\"T\"} trailing     | not valid JSON",
            "{\"type\":\"subscribe\",\"type\":\"publish\"}         | not valid JSON",
            "''                                                    | not JSON: empty",
            "[1,2]                                                 | a message must be a JSON object",
            "\"subscribe\"                                         | a message must be a JSON object",
            "{}                                                    | missing \"type\"",
            "{\"type\":7,\"topic\":\"T\"}                          | missing \"type\"",
            "{\"type\":\"shout\",\"topic\":\"T\"}                  | unknown \"type\"",
            "{\"type\":\"subscribe\"}                              | missing \"topic\"",
            "{\"type\":\"subscribe\",\"topic\":null}               | missing \"topic\"",
            "{\"type\":\"subscribe\",\"topic\":\"\"}               | invalid \"topic\"",
            "{\"type\":\"subscribe\",\"topic\":\"a b\"}            | invalid \"topic\"",
            "{\"type\":\"subscribe\",\"topic\":\"caf\u00e9\"}      | invalid \"topic\"",
            "{\"type\":\"subscribe\",\"topic\":[\"T\"]}            | invalid \"topic\"",
            "{\"type\":\"publish\",\"topic\":\"T\"}                | missing \"data\"",
            "{\"type\":\"publish\",\"topic\":\"T\",\"data\":1e2147483648} | not valid JSON (a number out of range)",
            "{\"type\":\"subscribe\",\"topic\":\"T\",\"x\":[1E0000000010000000000000]} | not valid JSON (a number out of range)",
            "{\"type\":\"publish\",\"topic\":\"T\",\"data\":\"\\udc00 hi\"} | cannot be sent exactly: a lone surrogate (\\uDC00) in a string",
            "{\"type\":\"publish\",\"topic\":\"T\",\"data\":{\"\\ud83d\":1}} | cannot be sent exactly: a lone surrogate (\\uD83D) in a key",
    })
    void refusesWithAReasonThatNeverQuotesThePayload(String text, String reason) {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> PushCodec.decode(text));
        assertEquals(reason, refused.getMessage().substring(0, Math.min(reason.length(), refused.getMessage().length())),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("trailing") || refused.getMessage().contains("shout"));
    }

    /** A CDI bean's data is checked as a client's is: the bean hears why at once, nobody gets a broken message. */
    @Test
    void dataFromJavaThatJsonCannotCarryExactlyIsRefused() {
        IllegalArgumentException surrogate = assertThrows(IllegalArgumentException.class,
                () -> PushCodec.tree(java.util.Map.of("k", java.util.List.of("ok", "\udc00"))));
        assertTrue(surrogate.getMessage().startsWith(PushCodec.UNENCODABLE), surrogate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PushCodec.tree(java.util.Map.of("\ud800", 1)));
        assertThrows(IllegalArgumentException.class, () -> PushCodec.tree(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PushCodec.tree(new double[] {1, Double.POSITIVE_INFINITY}));
        assertEquals("{\"k\":\"\ud83d\ude00\"}", PushCodec.tree(java.util.Map.of("k", "\ud83d\ude00")).toString());
    }

    @Test
    void topicNamesAreOneToSixtyFourAllowedCharacters() {
        assertEquals(true, TopicName.isValid("x".repeat(63)));
        assertEquals(true, TopicName.isValid("x".repeat(64)));
        assertEquals(false, TopicName.isValid("x".repeat(65)));
        assertEquals(false, TopicName.isValid("a/b"));
        assertEquals(false, TopicName.isValid("a\nb"));
    }

    @Test
    void encodesEveryServerMessageWithItsTypeFirst() throws Exception {
        assertEquals("{\"type\":\"subscribed\",\"topic\":\"T\",\"subscribers\":3,\"epoch\":\"e1\",\"seq\":7}",
                PushCodec.encode(new ServerMessage.Subscribed("T", 3, "e1", 7, null, null)));
        assertEquals("{\"type\":\"subscribed\",\"topic\":\"T\",\"subscribers\":3,\"epoch\":\"e1\",\"seq\":7,\"recovered\":false}",
                PushCodec.encode(new ServerMessage.Subscribed("T", 3, "e1", 7, false, null)));
        assertEquals("{\"type\":\"unsubscribed\",\"topic\":\"T\"}", PushCodec.encode(new ServerMessage.Unsubscribed("T", null)));
        assertEquals("{\"type\":\"message\",\"topic\":\"T\",\"data\":{\"a\":1.50},\"epoch\":\"e1\",\"seq\":9,\"time\":\"2026-11-25T10:00:00.123Z\"}",
                PushCodec.encode(new ServerMessage.Message("T", PushCodec.parse("{\"a\":1.50}"), "e1", 9, "2026-11-25T10:00:00.123Z", null)));
        assertEquals("{\"type\":\"message\",\"topic\":\"T\",\"data\":1,\"epoch\":\"e1\",\"seq\":1,\"time\":\"2026-11-25T10:00:00.123Z\",\"from\":\"ann\"}",
                PushCodec.encode(new ServerMessage.Message("T", PushCodec.parse("1"), "e1", 1, "2026-11-25T10:00:00.123Z", "ann")));
        assertEquals("{\"type\":\"presence\",\"topic\":\"T\",\"subscribers\":2}",
                PushCodec.encode(new ServerMessage.Presence("T", 2)));
        assertEquals("{\"type\":\"dropped\",\"count\":5}", PushCodec.encode(new ServerMessage.Dropped(5)));
        assertEquals("{\"type\":\"error\",\"reason\":\"no \\\"x\\\"\"}", PushCodec.encode(new ServerMessage.Error("no \"x\"", null)));
    }

    @Test
    void aRequestsIdIsReadAndEchoedInItsReplyOrError() throws Exception {
        assertEquals("a-1", PushCodec.decode("{\"type\":\"subscribe\",\"topic\":\"T\",\"id\":\"a-1\"}").id().textValue());
        assertEquals(7, PushCodec.decode("{\"type\":\"unsubscribe\",\"topic\":\"T\",\"id\":7}").id().longValue());
        assertEquals("{\"type\":\"subscribed\",\"topic\":\"T\",\"subscribers\":3,\"epoch\":\"e\",\"seq\":0,\"id\":\"a-1\"}",
                PushCodec.encode(new ServerMessage.Subscribed("T", 3, "e", 0, null, PushCodec.parse("\"a-1\""))));
        assertEquals("{\"type\":\"error\",\"reason\":\"r\",\"id\":7}",
                PushCodec.encode(new ServerMessage.Error("r", PushCodec.parse("7"))));
        BadRequestException missingTopic = assertThrows(BadRequestException.class,
                () -> PushCodec.decode("{\"type\":\"subscribe\",\"id\":\"x\"}"));
        assertEquals("x", missingTopic.id().textValue(), "an error names the request it answers");
    }

    @Test
    void aSubscribeMayCarryAPositionAndAHistoryRequestALimit() throws Exception {
        assertEquals(new ClientMessage.Subscribe("T", new Since("e1", 0), null),
                PushCodec.decode("{\"type\":\"subscribe\",\"topic\":\"T\",\"since\":{\"epoch\":\"e1\",\"seq\":0}}"));
        assertEquals(new ClientMessage.Subscribe("T", null, null),
                PushCodec.decode("{\"type\":\"subscribe\",\"topic\":\"T\",\"since\":null}"));
        assertEquals(new ClientMessage.History("T", new Since("e", 5), 1, null),
                PushCodec.decode("{\"type\":\"history\",\"topic\":\"T\",\"since\":{\"epoch\":\"e\",\"seq\":5},\"limit\":1}"));
        assertEquals(new ClientMessage.History("T", null, PushCodec.MAX_HISTORY_LIMIT, null),
                PushCodec.decode("{\"type\":\"history\",\"topic\":\"T\",\"limit\":" + PushCodec.MAX_HISTORY_LIMIT + "}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"since\":7                              | invalid \"since\"",
            "\"since\":{\"seq\":1}                  | invalid \"since\"",
            "\"since\":{\"epoch\":1,\"seq\":1}    | invalid \"since\"",
            "\"since\":{\"epoch\":\"e\",\"seq\":-1}  | invalid \"since\"",
            "\"since\":{\"epoch\":\"e\",\"seq\":1.5} | invalid \"since\"",
            "\"since\":{\"epoch\":\"e\",\"seq\":\"1\"} | invalid \"since\"",
            "\"since\":{\"epoch\":\"e\",\"seq\":99999999999999999999} | invalid \"since\"",
            "\"limit\":0                              | invalid \"limit\"",
            "\"limit\":1001                           | invalid \"limit\"",
            "\"limit\":\"5\"                        | invalid \"limit\"",
    })
    void aMalformedPositionOrLimitIsAnErrorWithTheRequestsId(String field, String reason) {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> PushCodec.decode(
                "{\"type\":\"history\",\"topic\":\"T\",\"id\":\"h\"," + field + "}"));
        assertTrue(refused.getMessage().startsWith(reason), refused.getMessage());
        assertEquals("h", refused.id().textValue());
    }

    @Test
    void anAuthCarriesATokenOfBoundedLengthAndAnAcceptedOneIsAnswered() throws Exception {
        assertEquals(new ClientMessage.Auth("a.b.c", PushCodec.parse("1")),
                PushCodec.decode("{\"type\":\"auth\",\"token\":\"a.b.c\",\"id\":1}"));
        String longest = "t".repeat(PushCodec.MAX_TOKEN_CHARS);
        assertEquals(longest, ((ClientMessage.Auth) PushCodec.decode("{\"type\":\"auth\",\"token\":\"" + longest
                + "\"}")).token());
        for (String token : new String[] {"\"\"", "7", "[\"a\"]", "\"" + longest + "t\""}) {
            BadRequestException refused = assertThrows(BadRequestException.class,
                    () -> PushCodec.decode("{\"type\":\"auth\",\"id\":\"a\",\"token\":" + token + "}"));
            assertEquals("invalid \"token\": a string of 1 to 16384 characters", refused.getMessage());
            assertEquals("a", refused.id().textValue());
        }
        for (String missing : new String[] {"{\"type\":\"auth\"}", "{\"type\":\"auth\",\"token\":null}"}) {
            assertEquals("missing \"token\"", assertThrows(BadRequestException.class,
                    () -> PushCodec.decode(missing)).getMessage());
        }
        assertFalse(new ClientMessage.Auth("secret.token.here", null).toString().contains("secret"),
                "a token is a credential: not in toString");
        assertEquals("{\"type\":\"authed\",\"sub\":\"ann\",\"exp\":1765000000,\"id\":1}",
                PushCodec.encode(new ServerMessage.Authed("ann", 1765000000L, PushCodec.parse("1"))));
        assertEquals("{\"type\":\"authed\",\"sub\":\"ann\",\"exp\":1}",
                PushCodec.encode(new ServerMessage.Authed("ann", 1, null)));
        assertEquals("unknown \"type\" (expected subscribe, unsubscribe, publish, history, auth or whoami)",
                assertThrows(BadRequestException.class, () -> PushCodec.decode("{\"type\":\"login\"}")).getMessage());
    }

    @Test
    void aWhoamiIsAnsweredWithTheUserOrNullAndTheRoles() throws Exception {
        assertEquals(new ClientMessage.WhoAmI(PushCodec.parse("\"w\"")),
                PushCodec.decode("{\"type\":\"whoami\",\"id\":\"w\"}"));
        assertEquals(new ClientMessage.WhoAmI(null), PushCodec.decode("{\"type\":\"whoami\"}"));
        assertEquals("{\"type\":\"identity\",\"user\":null,\"roles\":[\"anonymous\"],\"token\":false,\"id\":1}",
                PushCodec.encode(new ServerMessage.Identity(null, List.of("anonymous"), false, PushCodec.parse("1"))));
        assertEquals("{\"type\":\"identity\",\"user\":\"ann\",\"roles\":[\"anonymous\",\"publisher\"],"
                + "\"token\":true}",
                PushCodec.encode(new ServerMessage.Identity("ann", List.of("anonymous", "publisher"), true, null)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1.5", "{}", "[1]", "true", "12345678901234567890123",
            "\"12345678901234567890123456789012345678901234567890123456789012345\""})
    void anIdThatIsNotAShortStringOrAWholeNumberIsRefused(String id) {
        BadRequestException refused = assertThrows(BadRequestException.class,
                () -> PushCodec.decode("{\"type\":\"subscribe\",\"topic\":\"T\",\"id\":" + id + "}"));
        assertTrue(refused.getMessage().startsWith("invalid \"id\""), refused.getMessage());
    }
}
