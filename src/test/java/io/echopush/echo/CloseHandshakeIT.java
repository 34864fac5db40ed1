package io.echopush.echo;

import static io.echopush.testing.RawConformance.ascii;
import static io.echopush.testing.RawConformance.assertClosedWith;
import static io.echopush.testing.RawConformance.bytes;
import static io.echopush.testing.RawConformance.withBystander;
import static io.echopush.testing.RawWebSocket.CLOSE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5.5.1, §7 close handshake on {@code /echo}, written frame by frame. Every answer is checked to be a
 * real close frame (never a bare TCP close) and never to carry 1005, 1006 or 1015 (§7.4.1).
 */
@ExtendWith(ArquillianExtension.class)
class CloseHandshakeIT {

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    private URL base;

    private URI echo() {
        return AppUrls.of(base).ws("echo");
    }

    @Test
    void normalCloseIsAnsweredWith1000() throws Exception {
        // §5.5.1: the answering close typically echoes the status code received
        assertClosedWith(echo(), 1000, raw -> raw.sendClose(1000, "bye"));
    }

    @Test
    void closeWithoutStatusIsAnsweredWith1000() throws Exception {
        // §7.1.5: an empty close means "no status" (1005), which must not be echoed onto the wire (§7.4.1).
        // An empty answer would be legal too; Tomcat 10.1 takes a missing code as 1000 and answers with that.
        assertClosedWith(echo(), 1000, raw -> raw.send(CLOSE, new byte[0]));
    }

    @Test
    void oneByteClosePayloadIsClosedWith1002() throws Exception {
        // §5.5.1: a close body, if any, starts with a two-byte status code; one byte cannot be one
        assertClosedWith(echo(), 1002, raw -> raw.send(CLOSE, bytes(0x03)));
    }

    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {999, 1004, 1005, 1006, 1015, 1016, 2999, 5000})
    void invalidCloseCodeIsClosedWith1002(int code) throws Exception {
        // §7.4.1–§7.4.2: below 1000 is unused, 1004–1006 and 1015 are reserved or never sent, 1016–2999 are
        // unassigned protocol codes and 5000 is out of range: none may arrive in a close frame, and §7.1.7
        // fails the connection. Tomcat 10.1 gets there its own way: Util.getCloseCode turns the received code
        // into 1002 and the close is then handled as an ordinary one, so the answering close echoes 1002.
        assertClosedWith(echo(), 1002, raw -> raw.sendClose(code, ""));
    }

    @Test
    void closeReasonOfInvalidUtf8IsClosedWith1002Or1007() throws Exception {
        // §5.5.1: the reason is UTF-8, and §8.1 says invalid UTF-8 fails the connection, without naming the
        // code. Both readings occur: Tomcat 10.1 (WsFrameBase.processDataControl, "wsFrame.invalidUtf8Close")
        // answers 1002, a protocol error, since §7.4.1 defines 1007 for data "within a message" and a close
        // reason is control-frame data; Undertow (WildFly 39) and Tyrus 2.1 (GlassFish 7.0.25) answer 1007, the
        // code for invalid UTF-8. Either is a close frame failing the connection, which is all the RFC asks;
        // nothing else passes.
        withBystander(echo(), raw -> {
            raw.sendClose(1000, ascii("bye", 0xC0, 0xAF));
            int code = raw.awaitCloseCode();
            assertTrue(code == 1002 || code == 1007, "close code from the server: " + code);
        });
    }
}
