package io.echopush.bus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One publish as it enters: the topic, the data (checked by the codec already), the signed-in user who published it
 * (null: nobody) and when (ISO-8601, milliseconds), so that every node and every replay shows the same message.
 */
public record Publication(String topic, JsonNode data, String from, String time) {
}
