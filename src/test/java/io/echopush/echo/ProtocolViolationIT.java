package io.echopush.echo;

import static io.echopush.testing.RawConformance.ascii;
import static io.echopush.testing.RawConformance.assertClosedWith;
import static io.echopush.testing.RawConformance.assertServerCloses;
import static io.echopush.testing.RawConformance.bytes;
import static io.echopush.testing.RawConformance.withBystander;
import static io.echopush.testing.RawWebSocket.CLOSE;
import static io.echopush.testing.RawWebSocket.CONTINUATION;
import static io.echopush.testing.RawWebSocket.PING;
import static io.echopush.testing.RawWebSocket.PONG;
import static io.echopush.testing.RawWebSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.RawWebSocket;
import java.io.IOException;
import java.net.URI;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5–§6 framing on {@code /echo}, written frame by frame: what a polite client cannot send must get
 * the offender closed with the right code, and no other client may notice. Legal but unusual framing is in
 * {@link FramingIT}, close handling in {@link CloseHandshakeIT}, dropped connections in
 * {@link ConnectionCleanupIT}; docs/conformance.md maps every case to its test.
 */
class ProtocolViolationIT extends BuiltWarTest {

    private static final int PROTOCOL_ERROR = 1002;
    private static final int INVALID_PAYLOAD = 1007;

    private URI echo() {
        return AppUrls.of(base).ws("echo");
    }

    // ---- §8.1: text must be valid UTF-8, else the connection fails with 1007 (§7.4.1)

    @Test
    void overlongEncodingIsClosedWith1007() throws Exception {
        // C0 AF is '/' in two bytes: overlong forms are invalid (RFC 3629 §3)
        assertClosedWith(echo(), INVALID_PAYLOAD, raw -> raw.send(TEXT, bytes(0xC0, 0xAF)));
    }

    @Test
    void encodedSurrogateIsClosedWith1007() throws Exception {
        // ED A0 80 would be U+D800: surrogates have no UTF-8 form (RFC 3629 §3)
        assertClosedWith(echo(), INVALID_PAYLOAD, raw -> raw.send(TEXT, bytes(0xED, 0xA0, 0x80)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "F4908080",    // U+110000: past the last code point
        "F888808080",  // a five-byte form, abolished by RFC 3629
        "FE", "FF",    // bytes that never occur in UTF-8
        "80",          // a continuation byte with no lead byte
        "C241"         // a lead byte followed by ASCII instead of its continuation
    })
    void invalidUtf8IsClosedWith1007(String hex) throws Exception {
        // §8.1, Autobahn 6.x: each of these fails the connection, whatever comes before it ("ok" here)
        byte[] payload = HexFormat.of().parseHex("6f6b" + hex.toLowerCase(Locale.ROOT));
        assertClosedWith(echo(), INVALID_PAYLOAD, raw -> raw.send(TEXT, payload));
    }

    @Test
    void sequenceTruncatedAtMessageEndIsClosedWith1007() throws Exception {
        // E2 82 is two thirds of '€'; the message ends there, so it can never be completed
        assertClosedWith(echo(), INVALID_PAYLOAD, raw -> raw.send(TEXT, ascii("abc", 0xE2, 0x82)));
    }

    @Test
    void invalidSequenceAcrossFragmentsIsClosedWith1007() throws Exception {
        // The lead byte E2 alone is a valid prefix; 28 is no continuation byte, so the sequence breaks in
        // the next fragment, which validation must see as one byte stream (§5.4, §8.1)
        assertClosedWith(echo(), INVALID_PAYLOAD, raw -> raw
                .sendFrame(false, 0, TEXT, ascii("abc", 0xE2), true)
                .sendFrame(true, 0, CONTINUATION, bytes(0x28, 0xA1), true));
    }

    @Test
    void characterSplitAcrossFragmentsIsEchoedWhole() throws Exception {
        // '€' is E2 82 AC, cut after each byte: fragment boundaries may fall inside a character (§5.4)
        withBystander(echo(), raw -> {
            raw.sendFrame(false, 0, TEXT, ascii("price ", 0xE2), true)
                    .sendFrame(false, 0, CONTINUATION, bytes(0x82), true)
                    .sendFrame(true, 0, CONTINUATION, bytes(0xAC), true);
            RawWebSocket.Frame echoed = raw.readMessage();
            assertEquals(TEXT, echoed.opcode());
            assertEquals("price €", echoed.text());
        });
    }

    // ---- §5.1–§5.2: framing rules whose violation fails the connection with 1002

    @Test
    void unmaskedClientFrameIsClosedWith1002OrTakenWhole() throws Exception {
        // §5.1: "The server MUST close the connection upon receiving a frame that is not masked" (1002, §7.4.1),
        // and Tomcat does. Tyrus 2.1 (GlassFish 7.0.25) never checks the mask bit (ProtocolHandler.unframe reads
        // it only to know whether to unmask): it takes the frame as data, so /echo answers "hi". That is the
        // container breaking §5.1, out of reach of any application (endpoints never see frames). What must hold
        // even there: the frame is taken whole, not misparsed, and nobody else notices.
        withBystander(echo(), raw -> {
            raw.sendFrame(true, 0, TEXT, ascii("hi"), false);
            RawWebSocket.Frame answer = raw.readFrame();
            if (answer.opcode() == CLOSE) {
                assertEquals(PROTOCOL_ERROR, answer.closeCode(), "close code from the server");
            } else {
                assertEquals(TEXT, answer.opcode());
                assertEquals("hi", answer.text());
            }
        });
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {0x3, 0x7, 0xB, 0xF})
    void reservedOpcodeIsClosedWith1002(int opcode) throws Exception {
        // §5.2: 0x3–0x7 are reserved data opcodes, 0xB–0xF reserved control opcodes (both ends of each)
        assertClosedWith(echo(), PROTOCOL_ERROR, raw -> raw.send(opcode, ascii("x")));
    }

    @ParameterizedTest(name = "RSV{0}")
    @ValueSource(ints = {1, 2, 3})
    void reservedBitWithoutExtensionIsClosedWith1002(int rsvBit) throws Exception {
        // §5.2: RSV1–3 must be 0 unless an extension defines them, and the raw handshake offers none
        int rsv = 0b100 >>> (rsvBit - 1);
        assertClosedWith(echo(), PROTOCOL_ERROR, raw -> raw.sendFrame(true, rsv, TEXT, ascii("x"), true));
    }

    // ---- §5.4–§5.5: fragmentation and control frames

    @Test
    void reservedBitOnControlFrameIsClosedWith1002() throws Exception {
        // §5.2: the RSV rule holds for control frames too (Autobahn 3.6)
        assertClosedWith(echo(), PROTOCOL_ERROR, raw -> raw.sendFrame(true, 0b100, PING, ascii("ping"), true));
    }

    @Test
    void controlFrameOver125BytesIsClosedWith1002() throws Exception {
        // §5.5: control frames carry at most 125 bytes
        assertClosedWith(echo(), PROTOCOL_ERROR, raw -> raw.send(PING, new byte[126]));
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {PING, PONG})
    void fragmentedControlFrameIsClosedWith1002(int opcode) throws Exception {
        // §5.5: control frames must not be fragmented (Autobahn 5.1, 5.2)
        assertClosedWith(echo(), PROTOCOL_ERROR, raw -> raw.sendFrame(false, 0, opcode, ascii("ping"), true));
    }

    @ParameterizedTest(name = "FIN {0}")
    @ValueSource(booleans = {true, false})
    void continuationWithoutMessageIsClosedWith1002(boolean fin) throws Exception {
        // §5.4: a continuation frame only continues a fragmented message already begun, final or not
        // (Autobahn 5.9, 5.10)
        assertClosedWith(echo(), PROTOCOL_ERROR, raw -> raw.sendFrame(fin, 0, CONTINUATION, ascii("x"), true));
    }

    @Test
    void newMessageInsideFragmentedMessageIsClosedWith1002() throws Exception {
        // §5.4: fragments of different messages must not interleave (no extension allows it here)
        assertClosedWith(echo(), PROTOCOL_ERROR, raw -> raw
                .sendFrame(false, 0, TEXT, ascii("first "), true)
                .sendFrame(true, 0, TEXT, ascii("second"), true));
    }

    @Test
    void pingOf125BytesIsAnsweredWithIdenticalPong() throws Exception {
        // §5.5.2–§5.5.3: a pong carries the ping's application data, here the largest a control frame holds
        byte[] payload = EchoContract.randomBytes(125, 8);
        withBystander(echo(), raw -> {
            raw.send(PING, payload);
            RawWebSocket.Frame pong = raw.readFrame();
            assertEquals(PONG, pong.opcode());
            assertArrayEquals(payload, pong.payload());
            assertStillEchoes(raw);
        });
    }

    @Test
    void unsolicitedPongIsIgnored() throws Exception {
        // §5.5.3: an unsolicited pong is a heartbeat; no answer is expected and the connection goes on
        withBystander(echo(), raw -> {
            raw.send(PONG, ascii("heartbeat"));
            assertStillEchoes(raw);
        });
    }

    /** The next frame back is the echo of a fresh message, then the connection closes normally. */
    private static void assertStillEchoes(RawWebSocket raw) throws IOException {
        raw.sendText("still usable");
        assertEquals("still usable", raw.readMessage().text());
        raw.sendClose(1000, "");
        assertServerCloses(1000, raw);
    }
}
