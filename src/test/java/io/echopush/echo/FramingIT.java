package io.echopush.echo;

import static io.echopush.testing.RawConformance.ascii;
import static io.echopush.testing.RawConformance.bytes;
import static io.echopush.testing.RawConformance.withBystander;
import static io.echopush.testing.RawWebSocket.BINARY;
import static io.echopush.testing.RawWebSocket.CONTINUATION;
import static io.echopush.testing.RawWebSocket.PING;
import static io.echopush.testing.RawWebSocket.PONG;
import static io.echopush.testing.RawWebSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5 framing that is legal but that a polite client library rarely produces, written frame by frame
 * on {@code /echo} (Autobahn TestSuite sections 1, 2, 5 and 6): every payload-length form, frames cut into
 * single bytes, empty fragments, control frames between fragments, UTF-8 at the edges of the code space. Each
 * must be taken as the RFC says, with a bystander connected who must not notice. Violations are in
 * {@link ProtocolViolationIT}; docs/conformance.md maps every case to its test.
 */
class FramingIT extends BuiltWarTest {

    private URI echo() {
        return AppUrls.of(base).ws("echo");
    }

    // ---- §5.2 payload length: 7-bit (≤ 125), 16-bit (126 … 65535), 64-bit (≥ 65536, here the size limit)

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 128, 65535, 65536})
    void everyPayloadLengthFormIsEchoed(int length) throws Exception {
        byte[] binary = EchoContract.randomBytes(length, length);
        byte[] text = ascii("t".repeat(length));
        withBystander(echo(), raw -> {
            raw.send(BINARY, binary);
            RawWebSocket.Frame echoed = raw.readMessage();
            assertEquals(BINARY, echoed.opcode());
            assertArrayEquals(binary, echoed.payload());
            raw.send(TEXT, text);
            echoed = raw.readMessage();
            assertEquals(TEXT, echoed.opcode());
            assertArrayEquals(text, echoed.payload());
        });
    }

    @Test
    void frameWrittenOneByteAtATimeIsEchoed() throws Exception {
        // TCP may deliver a frame in any pieces; a parser must wait for the rest, header included (16-bit length)
        byte[] payload = ascii("chopped ".repeat(20));
        byte[] frame = RawWebSocket.frame(true, 0, TEXT, payload, true);
        withBystander(echo(), raw -> {
            for (byte b : frame) {
                raw.sendBytes(new byte[] {b});
            }
            assertArrayEquals(payload, raw.readMessage().payload());
        });
    }

    // ---- §5.4 fragmentation

    @Test
    void emptyFragmentsAreReassembled() throws Exception {
        // §5.4 puts no lower bound on a fragment: empty ones at the start, middle and end add nothing
        withBystander(echo(), raw -> {
            raw.sendFrame(false, 0, TEXT, new byte[0], true)
                    .sendFrame(false, 0, CONTINUATION, ascii("middle"), true)
                    .sendFrame(false, 0, CONTINUATION, new byte[0], true)
                    .sendFrame(true, 0, CONTINUATION, new byte[0], true);
            assertEquals("middle", raw.readMessage().text());
            raw.sendFrame(false, 0, BINARY, new byte[0], true)
                    .sendFrame(true, 0, CONTINUATION, new byte[0], true);
            RawWebSocket.Frame empty = raw.readMessage();
            assertEquals(BINARY, empty.opcode());
            assertArrayEquals(new byte[0], empty.payload());
        });
    }

    @Test
    void pingBetweenFragmentsIsAnsweredAndTheMessageReassembled() throws Exception {
        // §5.4: control frames may be injected in the middle of a fragmented message; §5.5.2 answers the ping.
        // The pong and the echo are independent (§5.5.3 "as soon as practical"), so either may come first.
        withBystander(echo(), raw -> {
            raw.sendFrame(false, 0, TEXT, ascii("frag"), true)
                    .send(PING, ascii("between"))
                    .sendFrame(true, 0, CONTINUATION, ascii("mented"), true);
            byte[] pong = null;
            String message = null;
            ByteArrayOutputStream parts = new ByteArrayOutputStream();
            while (message == null || pong == null) {
                RawWebSocket.Frame frame = raw.readFrame();
                if (frame.opcode() == PONG) {
                    assertNull(pong, "a second pong for one ping");
                    pong = frame.payload();
                } else {
                    parts.writeBytes(frame.payload());
                    if (frame.fin()) {
                        message = parts.toString(StandardCharsets.UTF_8);
                    }
                }
            }
            assertEquals("fragmented", message);
            assertArrayEquals(ascii("between"), pong);
        });
    }

    @Test
    void pongBetweenFragmentsIsIgnoredAndTheMessageReassembled() throws Exception {
        // §5.5.3: an unsolicited pong needs no answer, also in the middle of a fragmented message
        withBystander(echo(), raw -> {
            raw.sendFrame(false, 0, BINARY, bytes(1, 2), true)
                    .send(PONG, ascii("unsolicited"))
                    .sendFrame(true, 0, CONTINUATION, bytes(3), true);
            RawWebSocket.Frame echoed = raw.readMessage(); // fails on any control frame before the echo
            assertEquals(BINARY, echoed.opcode());
            assertArrayEquals(bytes(1, 2, 3), echoed.payload());
        });
    }

    // ---- §5.5.2 ping

    @Test
    void emptyPingIsAnsweredWithEmptyPong() throws Exception {
        // a ping need carry no application data, and then neither does its pong
        withBystander(echo(), raw -> {
            raw.send(PING, new byte[0]);
            RawWebSocket.Frame pong = raw.readFrame();
            assertEquals(PONG, pong.opcode());
            assertArrayEquals(new byte[0], pong.payload());
        });
    }

    // ---- §8.1 UTF-8: the edges of the valid range come back byte for byte

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "7F",          // last one-byte character
        "C280",        // first two-byte character
        "ED9FBF",      // U+D7FF, just below the surrogates
        "EE8080",      // U+E000, just above them
        "EFBBBF",      // U+FEFF, a byte order mark, which is data here (never stripped)
        "EFBFBF",      // U+FFFF, a noncharacter, still valid UTF-8
        "F0908080",    // U+10000, first four-byte character
        "F48FBFBF"     // U+10FFFF, the last code point
    })
    void validUtf8AtTheEdgesIsEchoedByteForByte(String hex) throws Exception {
        byte[] utf8 = HexFormat.of().parseHex(hex);
        withBystander(echo(), raw -> {
            raw.send(TEXT, utf8);
            RawWebSocket.Frame echoed = raw.readMessage();
            assertEquals(TEXT, echoed.opcode());
            assertArrayEquals(utf8, echoed.payload(), () -> "echo of " + hex + ": "
                    + HexFormat.of().formatHex(echoed.payload()));
        });
    }
}
