package io.echopush.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.bus.Position;
import io.echopush.config.Setting;
import io.echopush.lifecycle.Application;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.PushCodec;
import io.echopush.protocol.Since;
import io.echopush.protocol.TopicName;
import io.echopush.support.LogText;
import io.echopush.topic.Published;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * {@code POST /api/topics/{topic}} with a JSON body: other systems publish to a topic over HTTP (and read its
 * history with {@code GET /api/topics/{topic}/messages}). The body is
 * delivered to the topic's subscribers as {@code data}, exactly as a {@code publish} on {@code /push} would be.
 *
 * <p>Only for users in role {@code publisher}: {@code web.xml} declares the constraint (BASIC), so the
 * container answers 401 and 403 before this servlet runs. The body must be declared as JSON: a cross-site
 * form can send {@code text/plain} with a browser's cached credentials, but not {@code application/json}
 * without a CORS preflight, which this application never grants.
 */
@WebServlet("/api/topics/*")
public class PublishServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(PublishServlet.class.getName());

    /** 202: the message was handed to every current subscriber's queue. */
    /**
     * 202: the topic, this node's subscriber count, the message's position (absent if it went to nobody) and whether
     * every node can see it (false while the broker is away: this node's subscribers only).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Accepted(String topic, int subscribers, String epoch, Long seq, boolean everyNode) {
    }

    /** 4xx: what was wrong with the request (never an echo of the body). */
    record Refused(String reason) {
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Application app = Application.current();
        String topic = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        if (!TopicName.isValid(topic)) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "invalid topic: " + TopicName.RULE);
            return;
        }
        if (TopicName.isServerOnly(topic)) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST,
                    "\"" + topic + "\" is published by the server only");
            return;
        }
        if (!isJson(request.getContentType())) {
            refuse(request, response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "the body must be JSON: Content-Type: application/json (UTF-8)");
            return;
        }
        int limit = app.settings().ints(Setting.MAX_MESSAGE_BYTES);
        // Refused unread when declared too big; read one byte past the limit when not declared (chunked).
        byte[] body = request.getContentLengthLong() > limit ? null : request.getInputStream().readNBytes(limit + 1);
        if (body == null || body.length > limit) {
            refuse(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "the body is larger than " + limit + " bytes");
            return;
        }
        JsonNode data;
        try {
            data = PushCodec.parse(utf8(body));
        } catch (BadRequestException e) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        Published published = app.topics().publish(topic, data, request.getRemoteUser());
        LOG.fine(() -> "HTTP publish to " + topic + " by " + user(request) + ": " + published);
        Position position = published.position();
        respond(response, HttpServletResponse.SC_ACCEPTED, new Accepted(topic, published.subscribers(),
                position == null ? null : position.epoch(), position == null ? null : position.seq(),
                published.everyNode()));
    }

    /**
     * {@code GET /api/topics/{topic}/messages?epoch=E&since=S&limit=N}: what a {@code history} request on
     * {@code /push} answers, for other systems (the same JSON); without {@code epoch} and {@code since}, the newest.
     */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (!path.endsWith("/messages")) {
            response.setHeader("Allow", "POST"); // a topic is published to; its messages are read below it
            refuse(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "POST publishes to a topic; GET /api/topics/{topic}/messages reads its history");
            return;
        }
        String topic = path.substring(1, path.length() - "/messages".length());
        if (!TopicName.isValid(topic)) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "invalid topic: " + TopicName.RULE);
            return;
        }
        try {
            Since since = HistoryQuery.since(request.getParameter("epoch"), request.getParameter("since"));
            int limit = HistoryQuery.limit(request.getParameter("limit"));
            Application app = Application.current();
            respond(response, HttpServletResponse.SC_OK, app.topics().history(topic, since, limit,
                    app.settings().ints(Setting.MAX_MESSAGE_BYTES), null));
        } catch (BadRequestException e) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }

    /** {@code application/json} or {@code application/<x>+json}, with no charset or UTF-8 (RFC 8259 §8.1). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        String type = parts[0].trim();
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().replace("\"", "");
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")) {
                return false;
            }
        }
        return true;
    }

    private static String utf8(byte[] body) throws BadRequestException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the body is not valid UTF-8");
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason)
            throws IOException {
        LOG.info(() -> "Refused HTTP publish to " + LogText.clip(request.getPathInfo()) + " by " + user(request)
                + " from " + request.getRemoteAddr() + ": " + status + " " + reason);
        respond(response, status, new Refused(reason));
    }

    private static void respond(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(PushCodec.json(body));
    }

    private static String user(HttpServletRequest request) {
        return request.getUserPrincipal() == null ? "(anonymous)" : LogText.clip(request.getUserPrincipal().getName());
    }
}
