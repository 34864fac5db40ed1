package io.echopush.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.support.Utf8;

/** The fields of a push.v1 request, each read strictly, with the reason and the request's id when one is wrong. */
final class RequestFields {

    private RequestFields() {
    }

    /** The request's optional {@code "id"}: a string of up to 64 characters or a whole number, echoed as sent. */
    static JsonNode id(JsonNode tree) throws BadRequestException {
        JsonNode id = tree.get("id");
        if (id == null || id.isNull()) {
            return null;
        }
        boolean shortText = id.isTextual() && id.textValue().length() <= PushCodec.MAX_ID_CHARS
                && Utf8.loneSurrogate(id.textValue()) < 0;
        if (shortText || (id.isIntegralNumber() && id.canConvertToLong())) {
            return id;
        }
        throw new BadRequestException("invalid \"id\": a string of up to " + PushCodec.MAX_ID_CHARS
                + " characters that UTF-8 can encode, or a whole number");
    }

    /** A position: {@code {"epoch":"E","seq":S}} with S a whole number from 0; absent or null is none. */
    static Since since(JsonNode since, JsonNode id) throws BadRequestException {
        if (since == null || since.isNull()) {
            return null;
        }
        JsonNode epoch = since.get("epoch");
        JsonNode seq = since.get("seq");
        if (!since.isObject() || epoch == null || !epoch.isTextual() || epoch.textValue().length() > PushCodec.MAX_ID_CHARS
                || seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
            throw new BadRequestException("invalid \"since\": {\"epoch\": a string, \"seq\": a whole number from 0}", id);
        }
        return new Since(epoch.textValue(), seq.longValue());
    }

    /** How many messages a history reply may carry: {@code limit} from 1 to {@link PushCodec#MAX_HISTORY_LIMIT}. */
    static int limit(JsonNode limit, JsonNode id) throws BadRequestException {
        if (limit == null || limit.isNull()) {
            return PushCodec.MAX_HISTORY_LIMIT;
        }
        if (!limit.isIntegralNumber() || !limit.canConvertToInt() || limit.intValue() < 1
                || limit.intValue() > PushCodec.MAX_HISTORY_LIMIT) {
            throw new BadRequestException("invalid \"limit\": a whole number from 1 to " + PushCodec.MAX_HISTORY_LIMIT, id);
        }
        return limit.intValue();
    }

    static String topic(JsonNode tree, JsonNode id) throws BadRequestException {
        JsonNode topic = tree.get("topic");
        if (topic == null || topic.isNull()) {
            throw new BadRequestException("missing \"topic\"", id);
        }
        if (!topic.isTextual() || !TopicName.isValid(topic.textValue())) {
            throw new BadRequestException("invalid \"topic\": " + TopicName.RULE, id);
        }
        return topic.textValue();
    }

    /** An {@code auth} request's token: a string of 1 to {@link PushCodec#MAX_TOKEN_CHARS} characters. */
    static String token(JsonNode tree, JsonNode id) throws BadRequestException {
        JsonNode token = tree.get("token");
        if (token == null || token.isNull()) {
            throw new BadRequestException("missing \"token\"", id);
        }
        int max = PushCodec.MAX_TOKEN_CHARS;
        if (!token.isTextual() || token.textValue().isEmpty() || token.textValue().length() > max) {
            throw new BadRequestException("invalid \"token\": a string of 1 to " + max + " characters", id);
        }
        return token.textValue();
    }

    static JsonNode data(JsonNode tree, JsonNode id) throws BadRequestException {
        JsonNode data = tree.get("data");
        if (data == null) {
            throw new BadRequestException("missing \"data\" (any JSON value, null included)", id);
        }
        return data;
    }
}
