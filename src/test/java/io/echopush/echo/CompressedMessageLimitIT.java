package io.echopush.echo;

import static io.echopush.testing.RawConformance.assertServerCloses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * With {@code permessage-deflate} (RFC 7692) a few hundred bytes on the wire can inflate to megabytes; the
 * limit counts what the message inflates to, so a compression bomb is refused like any oversize message.
 *
 * <p>A server may decline the extension (RFC 7692 §5: it answers without it). Tomcat accepts it; Tyrus 2.1 on
 * GlassFish 7.0.25 negotiates no extension at all (Tyrus's deflate extension is not part of the server). There
 * nothing is inflated, so no bomb can go off: a compressed frame (RSV1 set) on a connection without the
 * extension breaks RFC 6455 §5.2 and must be closed with 1002, which is what each test then asserts.
 */
class CompressedMessageLimitIT extends BuiltWarTest {

    private static final int LIMIT = MessageSizeLimitContract.LIMIT;
    /** RFC 7692 §7.2.1: a compressed message ends with this empty stored block, which is left off the wire. */
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
    private static final int RSV1 = 0b100;

    @Test
    void aCompressedMessageThatInflatesToTheLimitIsEchoed() throws Exception {
        try (RawWebSocket raw = openOfferingDeflate()) {
            byte[] data = new byte[LIMIT];
            raw.sendFrame(true, RSV1, RawWebSocket.BINARY, deflate(data), true);
            if (!acceptedDeflate(raw)) {
                assertServerCloses(1002, raw);
                return;
            }
            RawWebSocket.Frame echo = raw.readMessage();
            byte[] payload = (echo.rsv() & RSV1) != 0 ? inflate(echo.payload()) : echo.payload();
            assertArrayEquals(data, payload);
        }
    }

    @Test
    void aCompressionBombIsClosedWith1009AndOthersGoOn() throws Exception {
        try (TestClient bystander = TestClient.connect(AppUrls.of(base).ws("echo"));
                RawWebSocket raw = openOfferingDeflate()) {
            byte[] bomb = deflate(new byte[LIMIT + 1]);
            assertTrue(bomb.length < 1024, "the bomb is small on the wire: " + bomb.length + " bytes");
            raw.sendFrame(true, RSV1, RawWebSocket.BINARY, bomb, true);
            assertServerCloses(acceptedDeflate(raw) ? 1009 : 1002, raw);
            bystander.assertEchoes("still here");
        }
    }

    private RawWebSocket openOfferingDeflate() throws Exception {
        RawWebSocket raw = RawWebSocket.open(AppUrls.of(base).ws("echo"), Map.of("Sec-WebSocket-Extensions",
                "permessage-deflate; client_no_context_takeover; server_no_context_takeover"));
        assertEquals(101, raw.handshake().status());
        return raw;
    }

    /** Whether the handshake's answer took up the offer; an answer naming another extension fails. */
    private static boolean acceptedDeflate(RawWebSocket raw) {
        String accepted = raw.handshake().headers().getOrDefault("sec-websocket-extensions", "");
        assertTrue(accepted.isEmpty() || accepted.contains("permessage-deflate"),
                "the server answered with an extension it was not offered: '" + accepted + "'");
        return !accepted.isEmpty();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        deflater.end();
        byte[] compressed = out.toByteArray();
        assertArrayEquals(TAIL, Arrays.copyOfRange(compressed, compressed.length - 4, compressed.length));
        return Arrays.copyOf(compressed, compressed.length - 4);
    }

    private static byte[] inflate(byte[] payload) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = inflater.inflate(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
