package io.echopush.push;

import io.echopush.protocol.TopicName;

/**
 * Publishes from any CDI bean, where the container has CDI, exactly as over {@code /push} (D18):
 * {@code @Inject Event<PublishEvent> publish; … publish.fire(new PublishEvent("orders", order));}
 *
 * @param topic a valid topic name that clients may publish to (not {@code clock})
 * @param data anything Jackson writes as JSON: a record, a map, a list, a string, a number, a {@code JsonNode}…
 */
public record PublishEvent(String topic, Object data) {

    /** @throws IllegalArgumentException for a bad or server-only topic, so the bean that fires hears it at once */
    public PublishEvent {
        if (!TopicName.isValid(topic)) {
            throw new IllegalArgumentException("invalid topic: " + TopicName.RULE);
        }
        if (TopicName.isServerOnly(topic)) {
            throw new IllegalArgumentException("\"" + topic + "\" is published by the server only");
        }
    }
}
