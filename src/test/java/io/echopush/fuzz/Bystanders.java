package io.echopush.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.PushClient;
import io.echopush.testing.TestClient;

/**
 * Well-behaved clients that live through the whole fuzz pass: a subscriber of the watched topic that must get every
 * message in order (its {@code seq} rising by exactly one, whatever the fuzzer publishes there too), a publisher of
 * markers, and an echo client. After each case they must all still be served.
 */
final class Bystanders implements AutoCloseable {

    private final AppUrls urls;
    private PushClient watcher;
    private PushClient publisher;
    private TestClient echo;
    private long lastSeq;
    private int marker;

    Bystanders(AppUrls urls) {
        this.urls = urls;
        connect();
    }

    /** New connections, after a failure took the old ones down (the shrinker reruns cases on fresh ones). */
    void connect() {
        close();
        watcher = PushClient.connect(urls);
        watcher.subscribe(Cases.WATCHED);
        publisher = PushClient.connect(urls);
        echo = TestClient.connect(urls.ws("echo"));
        lastSeq = -1;
    }

    /** Throws unless the watcher gets a new marker right after everything before it, in order, and echo answers. */
    void check() {
        int n = ++marker;
        publisher.publish(Cases.WATCHED, PushClient.read("{\"marker\":" + n + "}"));
        while (true) {
            JsonNode message = watcher.next();
            assertEquals("message", message.path("type").asText(), () -> "the watcher got " + message);
            long seq = message.get("seq").asLong();
            if (lastSeq >= 0) {
                assertEquals(lastSeq + 1, seq, () -> "the watcher's seq jumped: " + message);
            }
            lastSeq = seq;
            if (message.path("data").path("marker").asInt(0) == n) {
                break;
            }
        }
        echo.assertEchoes("alive-" + n);
    }

    @Override
    public void close() {
        for (AutoCloseable client : new AutoCloseable[] {watcher, publisher, echo}) {
            try {
                if (client != null) {
                    client.close();
                }
            } catch (Exception e) {
                // already gone: that is what failed
            }
        }
    }
}
