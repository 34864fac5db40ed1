package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Crowd;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.ServerMetrics;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** One publish reaches every subscriber of a big topic exactly once, each topic's messages in seq order. */
class FanOutIT extends InContainerTest {

    private static final int SUBSCRIBERS = 1_000;
    private static final int MESSAGES = 5;

    /** Every client here comes from one loopback address: more than the default per-address cap allows. */
    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar(Map.of("echopush.max-connections-per-address", "0"));
    }

    @Test
    void everyPublishReachesAThousandSubscribersExactlyOnceInOrder() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (Crowd crowd = Crowd.connect(urls, SUBSCRIBERS, client -> client.subscribe("crowd"));
                PushClient publisher = PushClient.connect(urls)) {
            assertEquals(SUBSCRIBERS, ServerMetrics.value(urls, "echopush_topic_subscribers", "topic", "crowd"));
            for (int i = 1; i <= MESSAGES; i++) {
                publisher.publish("crowd", PushClient.read("{\"n\":" + i + "}"));
            }
            // A marker after the others: what comes before it at a subscriber is all it got of them.
            publisher.publish("crowd", PushClient.read("\"end\""));
            for (PushClient subscriber : crowd.clients()) {
                for (int i = 1; i <= MESSAGES; i++) {
                    JsonNode message = subscriber.next("message");
                    assertEquals(i, message.get("seq").asLong(), "seq order");
                    assertEquals(i, message.get("data").get("n").asInt(), "each message once, none skipped");
                }
                assertEquals("end", subscriber.next("message").get("data").asText(), "no duplicates");
            }
        }
    }
}
