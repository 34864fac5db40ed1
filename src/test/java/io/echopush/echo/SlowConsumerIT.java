package io.echopush.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A client that sends to {@code /echo} but never reads its echoes: the server closes it with 1008 once it is
 * {@code echopush.echo.max-unread-bytes} behind, instead of buffering without bound, reads nothing more from
 * it, and every other client goes on as if nothing happened.
 */
class SlowConsumerIT extends BuiltWarTest {

    private static final long SEND_TIMEOUT_MS = Long.parseLong(Setting.SEND_TIMEOUT_MILLIS.defaultValue());
    private static final int MESSAGE = 16 * 1024;
    /** Far more than socket buffers and the outbound queue hold together: the writer must get stuck. */
    private static final long OFFERED = 256L * 1024 * 1024;
    /**
     * What the server may read before it closes: the unread bound, plus what the socket buffers on both sides
     * hold (a few MiB each on loopback), plus what the container reads ahead. Far below {@link #OFFERED}.
     */
    private static final long READ_AT_MOST = Long.parseLong(Setting.ECHO_MAX_UNREAD_BYTES.defaultValue()) + 60L * 1024 * 1024;

    @Test
    void aClientThatNeverReadsIsClosedOnceTooFarBehindAndOthersGoOn() throws Exception {
        AppUrls urls = AppUrls.of(base);
        long before = ServerMetrics.sessionsOpen(urls, "echo");
        try (TestClient bystander = TestClient.connect(urls.ws("echo"));
                RawWebSocket stalled = RawWebSocket.open(urls.ws("echo"))) {
            // One echo before the flood: the session is open on the server, and the flood starts from a known state.
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

            // The stalled session is closed once it is max-unread-bytes behind, long before the client offered
            // everything, on every container (Undertow reads on while a handler runs, so waiting for room would
            // not slow it: docs/decisions.md D20).
            ServerMetrics.awaitSessionsOpen(urls, "echo", before + 1);
            assertTrue(written.get() < READ_AT_MOST, "the server read " + written.get() + " bytes from a client "
                    + "that reads nothing");
            bystander.assertEchoes("after the stalled client was dropped");

            // After the close the containers part ways, each within RFC 6455 (§7.1.1 has the server drop TCP
            // after the close handshake, which this client never completes, and sets no time limit): Tomcat reads
            // nothing until its blocking send of the close frame times out, then drops the connection; GlassFish
            // 7.0.25 queues the close frame behind the unread echoes and keeps the connection until the client
            // goes; WildFly 39 (Undertow) reads on and discards all the client still sends. What holds everywhere:
            // nothing more of this client's is kept, and everyone else is served.
            try {
                writer.get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS); // dropped, or all of it read and discarded
            } catch (TimeoutException stillOpen) {
                long stuckAt = written.get();
                TimeUnit.SECONDS.sleep(1); // not a wait for an event: a window in which nothing may happen
                assertEquals(stuckAt, written.get(), "the server read from the session it had closed");
            }
            bystander.assertEchoes("after the stalled client's close");
            ServerMetrics.awaitSessionsOpen(urls, "echo", before + 1);
        }
        ServerMetrics.awaitSessionsOpen(urls, "echo", before);
    }
}
