package io.echopush.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import java.io.IOException;
import java.net.URL;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that sends to {@code /echo} but never reads its echoes: the server stops reading from it instead
 * of buffering without bound, ends the connection once it stayed stuck for the send timeout, and every
 * other client goes on as if nothing happened.
 */
@ExtendWith(ArquillianExtension.class)
class SlowConsumerIT {

    private static final long SEND_TIMEOUT_MS = Long.parseLong(Setting.SEND_TIMEOUT_MILLIS.defaultValue());
    private static final int MESSAGE = 16 * 1024;
    /** Far more than socket buffers and the outbound queue hold together: the writer must get stuck. */
    private static final long OFFERED = 512L * 1024 * 1024;

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    private URL base;

    @Test
    void aClientThatNeverReadsIsThrottledThenDroppedAndOthersGoOn() throws Exception {
        AppUrls urls = AppUrls.of(base);
        long before = ServerMetrics.sessionsOpen(urls, "echo");
        try (TestClient bystander = TestClient.connect(urls.ws("echo"));
                RawWebSocket stalled = RawWebSocket.open(urls.ws("echo"))) {
            // One echo before the flood, so that the session is open on every container: Undertow (WildFly) starts
            // reading before it has run @OnOpen and holds frames read that early to the container's 8 KiB default
            // rather than the session's limit (MessageAssembler.forSession), so a flood from the first byte would be
            // refused with 1009 at once and pass without any backpressure.
            stalled.send(RawWebSocket.BINARY, new byte[] {42});
            assertArrayEquals(new byte[] {42}, stalled.readMessage().payload());
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] payload = new byte[MESSAGE];
                try {
                    while (written.get() < OFFERED) {
                        stalled.send(RawWebSocket.BINARY, payload);
                        written.addAndGet(MESSAGE);
                    }
                } catch (IOException e) {
                    // the server ended the connection: what this test waits for
                }
            });

            // While the stalled client is stuck, the bystander's echoes keep flowing.
            for (int i = 0; i < 50; i++) {
                bystander.assertEchoes("bystander " + i);
            }

            // Backpressure: the server stopped reading long before the client offered everything, and it closes
            // the session once the client stayed stuck for the send timeout. Tomcat stops reading after a few MiB;
            // WildFly (Undertow) keeps reading while the handler waits and stops only at the send timeout, hundreds
            // of MiB later: a known gap (docs/decisions.md D20).
            ServerMetrics.awaitSessionsOpen(urls, "echo", before + 1);
            assertTrue(written.get() < OFFERED, "the server read " + written.get() + " bytes without pushing back");
            bystander.assertEchoes("after the stalled client was dropped");

            // Then the connection ends (the container's own close of a socket it cannot write to). GlassFish
            // 7.0.25 differs: Tyrus queues the 1008 close frame behind the echoes the client never reads and
            // keeps the TCP connection until the client goes (RFC 6455 §7.1.1 has the server close TCP after the
            // close handshake, which this client never completes, and sets no time limit). What must hold there
            // too: the server reads nothing more from a session it closed.
            try {
                writer.get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillOpen) {
                long stuckAt = written.get();
                TimeUnit.SECONDS.sleep(1); // not a wait for an event: a window in which nothing may happen
                assertEquals(stuckAt, written.get(), "the server read from the session it had closed");
            }
        }
        ServerMetrics.awaitSessionsOpen(urls, "echo", before);
    }
}
