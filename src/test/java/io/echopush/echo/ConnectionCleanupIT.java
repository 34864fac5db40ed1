package io.echopush.echo;

import static io.echopush.testing.RawConformance.withBystander;
import static io.echopush.testing.RawWebSocket.TEXT;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.RawConformance.RawScript;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.ServerMetrics;
import java.net.URL;
import java.util.Arrays;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connections that end without a close handshake (RFC 6455 §7.1.1, §7.1.7: the server is then "closed
 * abnormally", 1006 locally) must still leave the session registry, as {@code /metrics} shows.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionCleanupIT {

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    private URL base;

    @Test
    void resetInTheMiddleOfAFrameLeavesNoSession() throws Exception {
        byte[] frame = RawWebSocket.frame(true, 0, TEXT, EchoContract.randomBytes(1000, 13), true);
        assertSessionEndsAfter(raw -> {
            raw.sendBytes(Arrays.copyOf(frame, frame.length / 2));
            raw.reset();
        });
    }

    @Test
    void tcpCloseWithoutCloseFrameLeavesNoSession() throws Exception {
        assertSessionEndsAfter(RawWebSocket::close);
    }

    /**
     * Runs {@code ending} on a raw connection beside a bystander; the session count must be back to what it
     * was without the raw connection. Waits for each count: the server learns of a dropped socket when it
     * next reads, not at once.
     */
    private void assertSessionEndsAfter(RawScript ending) throws Exception {
        AppUrls urls = AppUrls.of(base);
        long before = ServerMetrics.sessionsOpen(urls, "echo");
        withBystander(urls.ws("echo"), raw -> {
            // the raw session counts, or the test below proves nothing
            ServerMetrics.awaitSessionsOpen(urls, "echo", before + 2);
            ending.run(raw);
            ServerMetrics.awaitSessionsOpen(urls, "echo", before + 1);
        });
        // also leaves the count as found for the next test once the bystander is gone
        ServerMetrics.awaitSessionsOpen(urls, "echo", before);
    }
}
