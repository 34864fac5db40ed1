package io.echopush.sse;

import io.echopush.access.Action;
import io.echopush.access.TokenRefusal;
import io.echopush.access.TopicGate;
import io.echopush.config.Setting;
import io.echopush.handshake.Credentials;
import io.echopush.handshake.OriginFilter;
import io.echopush.lifecycle.Application;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.PushCodec;
import io.echopush.session.Connection;
import io.echopush.session.ConnectionCaps;
import io.echopush.session.HandshakeFacts;
import io.echopush.support.EndpointNames;
import io.echopush.support.LogText;
import io.echopush.topic.Subscriptions;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * {@code GET /events?topic=T}: push.v1 over Server-Sent Events, for where WebSocket cannot go (D47). The checks of
 * a {@code /push} handshake and subscribe, then one {@link EventStream} behind the same sender and registry.
 */
@WebServlet(urlPatterns = "/events", asyncSupported = true)
public class EventStreamServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(EventStreamServlet.class.getName());
    /** How long a browser waits before it reconnects: what browsers wait by default, said outright. */
    static final long RETRY_MILLIS = 3_000;

    record Refused(String reason) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        Application app = Application.current();
        if (!StreamRequest.originAllowed(app.originPolicy(), request)) {
            refuse(request, response, HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        if (!Credentials.accepted(request, response)) {
            return; // the container answered 401
        }
        StreamIdentity who;
        try {
            who = StreamIdentity.of(app, request);
        } catch (TokenRefusal e) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            refuse(request, response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized: " + e.getMessage());
            return;
        }
        StreamRequest asked;
        try {
            asked = StreamRequest.of(request, app.settings().ints(Setting.PUSH_MAX_SUBSCRIPTIONS));
        } catch (BadRequestException e) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        for (String topic : asked.topics()) {
            if (!app.gate().allows(Action.SUBSCRIBE, topic, who.identity(),
                    () -> "SSE from " + request.getRemoteAddr())) {
                refuse(request, response, HttpServletResponse.SC_FORBIDDEN, TopicGate.FORBIDDEN + ": " + topic);
                return;
            }
        }
        String address = request.getRemoteAddr();
        ConnectionCaps.Refusal overCap = app.sessions().reserve(address);
        if (overCap != null) {
            app.metrics().refused(overCap.label());
            response.setHeader("Retry-After", Integer.toString(OriginFilter.RETRY_AFTER_SECONDS));
            refuse(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "too many connections (" + overCap.label() + " cap), try again later");
            return;
        }
        open(app, request, response, asked, who);
    }

    /** Subscribes a new stream to every topic, replaying from its positions, then starts writing. */
    private static void open(Application app, HttpServletRequest request, HttpServletResponse response,
            StreamRequest asked, StreamIdentity who) throws IOException {
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // a stream lasts as long as its client reads
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no"); // nginx would otherwise hold events back
        allowCrossOrigin(request, response);
        EventStream stream = new EventStream(async, response.getOutputStream(), who.identity().name(),
                app::schedule, app.sessions()::ended);
        // a stream that carries a session's user ends with that session (sign-out, 1008)
        HandshakeFacts.record(stream.properties(), request.getRemoteAddr(),
                who.fromSession(request) ? request.getSession(false).getId() : null);
        Connection connection = app.sessions().openStream(EndpointNames.EVENTS, stream, PushCodec::dropped);
        async.addListener(new StreamEnd(stream));
        Subscriptions subscriptions = new Subscriptions(app.topics(), connection, asked.topics().size());
        connection.whenLeaving(TokenExpiry.watch(app, who.token(), connection, subscriptions));
        try {
            for (String topic : asked.topics()) {
                subscriptions.subscribe(topic, asked.positions().get(topic), null);
            }
        } catch (BadRequestException e) {
            app.sessions().ended(stream, 1013);
            refuse(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
            async.complete();
            return;
        }
        LOG.fine(() -> "Stream " + stream.id() + " from " + request.getRemoteAddr() + ": " + asked.topics());
        stream.start(RETRY_MILLIS);
    }

    /** An origin the policy allows, other than the page's own, may read the stream (CORS), cookies included. */
    private static void allowCrossOrigin(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.setHeader("Vary", "Origin");
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason)
            throws IOException {
        LOG.info(() -> "Refused SSE stream " + LogText.clip(request.getQueryString()) + " from "
                + request.getRemoteAddr() + ": " + status + " " + reason);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(PushCodec.json(new Refused(reason)));
    }
}
