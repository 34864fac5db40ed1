package io.echopush.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.access.Action;
import io.echopush.access.Identity;
import io.echopush.access.TopicGate;
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
import java.util.logging.Logger;

/**
 * {@code POST /api/topics/{topic}}: other systems publish a JSON body as a {@code publish} on {@code /push} would,
 * and read history below it. Role {@code publisher} only: web.xml's constraint answers 401 and 403 before this runs.
 */
@WebServlet("/api/topics/*")
public class PublishServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(PublishServlet.class.getName());

    /** 202; no position if it reached nobody, everyNode false while the broker is away (this node's subscribers). */
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
        if (!allowed(app, Action.PUBLISH, topic, request, response)) {
            return;
        }
        if (!JsonBody.isJson(request.getContentType())) {
            refuse(request, response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "the body must be JSON: Content-Type: application/json (UTF-8)");
            return;
        }
        int limit = app.settings().ints(Setting.MAX_MESSAGE_BYTES);
        byte[] body = JsonBody.read(request, limit);
        if (body == null) {
            refuse(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "the body is larger than " + limit + " bytes");
            return;
        }
        JsonNode data;
        try {
            data = PushCodec.parse(JsonBody.utf8(body));
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

    /** {@code GET /api/topics/{topic}/messages?epoch=E&since=S&limit=N}: the JSON a {@code history} request gets. */
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
        Application app = Application.current();
        if (!allowed(app, Action.HISTORY, topic, request, response)) {
            return;
        }
        try {
            Since since = HistoryQuery.since(request.getParameter("epoch"), request.getParameter("since"));
            int limit = HistoryQuery.limit(request.getParameter("limit"));
            respond(response, HttpServletResponse.SC_OK, app.topics().history(topic, since, limit,
                    app.settings().ints(Setting.MAX_MESSAGE_BYTES), null));
        } catch (BadRequestException e) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }

    /** The topic rules for the container's user of this request; a refusal answers 403 (the gate logs it). */
    private static boolean allowed(Application app, Action action, String topic, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Identity identity = app.gate().identify(request.getUserPrincipal(), request::isUserInRole);
        if (app.gate().allows(action, topic, identity, () -> "HTTP from " + request.getRemoteAddr())) {
            return true;
        }
        respond(response, HttpServletResponse.SC_FORBIDDEN, new Refused(TopicGate.FORBIDDEN));
        return false;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason)
            throws IOException {
        LOG.info(() -> "Refused HTTP publish to " + LogText.clip(request.getPathInfo()) + " by " + user(request)
                + " from " + request.getRemoteAddr() + ": " + status + " " + reason);
        respond(response, status, new Refused(reason));
    }

    /** A JSON answer that no cache keeps. */
    static void respond(HttpServletResponse response, int status, Object body) throws IOException {
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
