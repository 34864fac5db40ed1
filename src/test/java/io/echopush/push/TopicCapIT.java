package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.PushClient;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The cap of topics (here 3) with history on: topics kept only for their history make room for a subscriber, so
 * that nobody can fill the table by subscribing, publishing and leaving; topics with subscribers never do, so at
 * the cap a fourth subscribed topic is refused. A publish to a topic nobody ever subscribed to makes no topic.
 */
class TopicCapIT extends InContainerTest {

    private static final int CAP = 3;

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar(Map.of("echopush.push.max-topics", String.valueOf(CAP)));
    }

    @Test
    void topicsKeptForTheirHistoryMakeRoomAndSubscribedOnesDoNot() {
        AppUrls urls = AppUrls.of(base);
        try (PushClient client = PushClient.connect(urls); PushClient holder = PushClient.connect(urls)) {
            for (int i = 1; i <= CAP; i++) { // each left behind with a kept message: the table is full
                String topic = "kept-" + i;
                client.subscribe(topic);
                client.publish(topic, PushClient.read("\"m\""));
                client.next("message");
                client.unsubscribe(topic);
            }
            client.publish("never-subscribed", PushClient.read("\"m\"")); // makes no topic, so no room taken

            for (int i = 1; i <= CAP; i++) { // cap − 1, cap: each subscribe pushes out a kept-only topic
                assertEquals(1, holder.subscribe("held-" + i), "held-" + i);
            }
            holder.send("{\"type\":\"subscribe\",\"topic\":\"held-" + (CAP + 1) + "\",\"id\":\"over\"}");
            JsonNode refused = holder.next("error");
            assertTrue(refused.get("reason").asText().contains("limit of " + CAP + " topics"), refused.toString());
            assertEquals("over", refused.get("id").asText());

            holder.unsubscribe("held-1"); // no message was kept there: the topic goes at once, and makes room
            assertEquals(1, holder.subscribe("held-" + (CAP + 1)));
            holder.send("{\"type\":\"history\",\"topic\":\"never-subscribed\"}");
            JsonNode history = holder.next("history");
            assertEquals(0, history.get("messages").size(), history.toString());
            assertFalse(history.has("epoch"), "a topic that never existed has no position: " + history);
        }
    }
}
