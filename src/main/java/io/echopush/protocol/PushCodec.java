package io.echopush.protocol;

import static io.echopush.protocol.RequestFields.data;
import static io.echopush.protocol.RequestFields.id;
import static io.echopush.protocol.RequestFields.limit;
import static io.echopush.protocol.RequestFields.since;
import static io.echopush.protocol.RequestFields.token;
import static io.echopush.protocol.RequestFields.topic;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echopush.outbound.OutboundMessage;
import io.echopush.support.ExactJson;

/**
 * push.v1 on the wire, read strictly ({@link ExactJson}) with a reason for each refusal; unknown fields are ignored so
 * that clients may add their own. Data UTF-8 cannot carry exactly is refused here, so no send can fail on it (D32).
 */
public final class PushCodec {

    private static final JsonMapper JSON = ExactJson.MAPPER;

    /** How every refusal of data that cannot be sent exactly begins. */
    public static final String UNENCODABLE = "cannot be sent exactly: ";

    /** Most messages one history reply carries (fewer if they would pass the message size limit). */
    public static final int MAX_HISTORY_LIMIT = 1000;

    /** Longest {@code "token"} an {@code auth} request may carry. */
    public static final int MAX_TOKEN_CHARS = 16_384;

    private static final String TYPES = "subscribe, unsubscribe, publish, history, auth or whoami";

    /** Longest string {@code "id"} a request may carry (it is echoed, so it is bounded). */
    static final int MAX_ID_CHARS = 64;

    private PushCodec() {
    }

    public static ClientMessage decode(String text) throws BadRequestException {
        JsonNode tree = read(text);
        if (!tree.isObject()) {
            throw new BadRequestException("a message must be a JSON object");
        }
        JsonNode id = id(tree);
        refuseUnencodable(tree, id);
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual()) {
            throw new BadRequestException("missing \"type\" (" + TYPES + ")", id);
        }
        return switch (type.textValue()) {
            case "subscribe" -> new ClientMessage.Subscribe(topic(tree, id), since(tree.get("since"), id), id);
            case "unsubscribe" -> new ClientMessage.Unsubscribe(topic(tree, id), id);
            case "publish" -> new ClientMessage.Publish(topic(tree, id), data(tree, id), id);
            case "history" -> new ClientMessage.History(topic(tree, id), since(tree.get("since"), id),
                    limit(tree.get("limit"), id), id);
            case "auth" -> new ClientMessage.Auth(token(tree, id), id);
            case "whoami" -> new ClientMessage.WhoAmI(id);
            default -> throw new BadRequestException("unknown \"type\" (expected " + TYPES + ")", id);
        };
    }

    /** Parses any JSON value that can be sent exactly (e.g. an HTTP body to publish). */
    public static JsonNode parse(String text) throws BadRequestException {
        JsonNode tree = read(text);
        refuseUnencodable(tree, null);
        return tree;
    }

    private static JsonNode read(String text) throws BadRequestException {
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new BadRequestException("not JSON: empty");
            }
            return tree;
        } catch (JacksonException e) {
            // Jackson's own message quotes the input: say only where it went wrong.
            throw new BadRequestException("not valid JSON (" + where(e) + ")");
        } catch (NumberFormatException e) {
            // an exponent past what a decimal holds (1e2147483648) escapes Jackson's own exceptions
            throw new BadRequestException("not valid JSON (a number out of range)");
        }
    }

    public static String encode(ServerMessage message) {
        return json(message);
    }

    /**
     * {@code value} (a record, map, list, string, number, tree…) as a JSON tree, e.g. an event's data.
     *
     * @throws IllegalArgumentException if it cannot be written as JSON, or not exactly (a lone surrogate, NaN)
     */
    public static JsonNode tree(Object value) {
        JsonNode tree;
        try {
            tree = JSON.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
        String why = ExactJson.unencodable(tree);
        if (why != null) {
            throw new IllegalArgumentException(UNENCODABLE + why);
        }
        return tree;
    }

    /** Any record or tree as JSON text, e.g. an HTTP response body. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalStateException("Cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static OutboundMessage.Text outbound(ServerMessage message) {
        return OutboundMessage.text(encode(message));
    }

    /** The notice a slow client gets before its next message: how many were dropped. */
    public static OutboundMessage dropped(int count) {
        return outbound(new ServerMessage.Dropped(count));
    }

    /** A JSON object with one field, for server-made data such as the clock's {@code {"time": ...}}. */
    public static ObjectNode object(String field, String value) {
        return JsonNodeFactory.instance.objectNode().put(field, value);
    }

    private static void refuseUnencodable(JsonNode tree, JsonNode id) throws BadRequestException {
        String why = ExactJson.unencodable(tree);
        if (why != null) {
            throw new BadRequestException(UNENCODABLE + why, id);
        }
    }

    private static String where(JacksonException e) {
        return e.getLocation() == null ? "unreadable"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
