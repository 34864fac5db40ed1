package io.echopush.protocol;

import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.List;

/** What the server sends on {@code /push}; each record is one {@code type}, written by {@link PushCodec#encode}. */
@JsonPropertyOrder({"type"})
public sealed interface ServerMessage {

    @JsonProperty("type")
    String type();

    /**
     * Reply to a subscribe: subscribers including the new one, and the position after which every message comes to
     * it; {@code recovered} is absent without a {@code since}.
     */
    record Subscribed(String topic, int subscribers, String epoch, long seq,
            @JsonInclude(Include.NON_NULL) Boolean recovered, @JsonInclude(Include.NON_NULL) JsonNode id)
            implements ServerMessage {
        @Override
        public String type() {
            return "subscribed";
        }
    }

    record Unsubscribed(String topic, @JsonInclude(Include.NON_NULL) JsonNode id) implements ServerMessage {
        @Override
        public String type() {
            return "unsubscribed";
        }
    }

    /**
     * A published message as every subscriber of {@code topic} receives it; {@code from} names the signed-in user
     * who published it (over {@code /api/push} or HTTP), and is absent for anonymous clients and the server.
     */
    record Message(String topic, JsonNode data, String epoch, long seq, String time,
            @JsonInclude(Include.NON_NULL) String from) implements ServerMessage {
        @Override
        public String type() {
            return "message";
        }
    }

    /**
     * Reply to a history request: the kept messages after its {@code since} (each exactly as it was sent), whether
     * they are all of them ({@code recovered}), and the topic's position now.
     */
    @JsonPropertyOrder({"type", "topic", "epoch", "seq", "recovered", "messages"})
    record History(String topic, @JsonInclude(Include.NON_NULL) String epoch, long seq, boolean recovered,
            List<RawValue> messages, @JsonInclude(Include.NON_NULL) JsonNode id) implements ServerMessage {
        @Override
        public String type() {
            return "history";
        }
    }

    /** The topic's subscriber count changed (sent at most once per presence interval per topic). */
    record Presence(String topic, int subscribers) implements ServerMessage {
        @Override
        public String type() {
            return "presence";
        }
    }

    /** This many of the client's oldest queued messages were dropped because it read too slowly. */
    record Dropped(int count) implements ServerMessage {
        @Override
        public String type() {
            return "dropped";
        }
    }

    /** Reply to an accepted {@code auth}: who the token names and when it expires (seconds since the epoch). */
    @JsonPropertyOrder({"type", "sub", "exp", "id"})
    record Authed(String sub, long exp, @JsonInclude(Include.NON_NULL) JsonNode id) implements ServerMessage {
        @Override
        public String type() {
            return "authed";
        }
    }

    /**
     * Reply to {@code whoami}: the socket's user ({@code null}: anonymous), the roles the rules name that it has,
     * with the pseudo-roles, sorted, and whether a token ({@code auth}) gave them (D45).
     */
    @JsonPropertyOrder({"type", "user", "roles", "token", "id"})
    record Identity(@JsonInclude(Include.ALWAYS) String user, List<String> roles, boolean token,
            @JsonInclude(Include.NON_NULL) JsonNode id) implements ServerMessage {
        @Override
        public String type() {
            return "identity";
        }
    }

    /** A request could not be served (its id, if it had one that could be read); the connection stays open. */
    record Error(String reason, @JsonInclude(Include.NON_NULL) JsonNode id) implements ServerMessage {
        @Override
        public String type() {
            return "error";
        }
    }
}
