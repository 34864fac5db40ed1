package io.echopush.push;

import io.echopush.protocol.TopicName;

/**
 * Publishes to a topic from any CDI bean of this application, on containers with CDI (WildFly, Payara,
 * GlassFish): {@code @Inject Event<PublishEvent> publish; … publish.fire(new PublishEvent("orders", order));}
 * The topic's subscribers receive {@code data} as JSON, exactly as if it had been published over {@code /push}.
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
