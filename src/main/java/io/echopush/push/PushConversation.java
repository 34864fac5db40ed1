package io.echopush.push;

import io.echopush.access.Identity;
import io.echopush.config.Setting;
import io.echopush.config.Settings;
import io.echopush.inbound.InboundRefusal;
import io.echopush.inbound.MessageAssembler;
import io.echopush.inbound.MessageTooBigException;
import io.echopush.lifecycle.Application;
import io.echopush.outbound.OutboundMessage;
import io.echopush.protocol.PushCodec;
import io.echopush.session.Connection;
import io.echopush.topic.Subscriptions;
import io.echopush.session.SessionRegistry;
import io.echopush.support.Closing;
import io.echopush.support.TokenBucket;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.logging.Logger;

/**
 * One client's push.v1 conversation behind both push endpoints, which JSR 356 does not let inherit annotated methods
 * (D26): the session's frames, its size limit and its end; what its requests ask for is {@link Requests}.
 */
final class PushConversation {

    private static final Logger LOG = Logger.getLogger(PushConversation.class.getName());

    private final String name;
    private Application app;
    private Connection connection;
    private MessageAssembler assembler;
    private Subscriptions subscriptions;
    private SocketIdentity who;
    private Requests requests;
    private boolean refusedBinary;

    /** @param name the endpoint's name, as in logs and metrics */
    PushConversation(String name) {
        this.name = name;
    }

    void open(Session session) {
        app = Application.current();
        connection = app.sessions().open(name, session, PushCodec::dropped);
        Settings settings = app.settings();
        assembler = MessageAssembler.forSession(session, settings.ints(Setting.MAX_MESSAGE_BYTES), app.inboundRate());
        subscriptions = new Subscriptions(app.topics(), connection, settings.ints(Setting.PUSH_MAX_SUBSCRIPTIONS));
        // a session the server drops (dead peer, sign-out) leaves its topics then, not when the container reports it
        connection.whenLeaving(this::leaveTopics);
        who = new SocketIdentity(name, app, connection, Identity.recorded(session.getUserProperties()),
                subscriptions::leaveAll);
        requests = new Requests(name, app, connection, subscriptions, who,
                TokenBucket.perMinute(settings.ints(Setting.PUSH_BAD_MESSAGES_PER_MINUTE)));
    }

    void text(String part, boolean last) {
        connection.heard();
        try {
            OutboundMessage.Text whole = assembler.text(part, last);
            if (whole != null) {
                app.metrics().received(name);
                requests.handle(whole.text());
            }
        } catch (InboundRefusal e) {
            e.close(connection.session(), name);
        }
    }

    /**
     * push.v1 is JSON text, so binary gets 1003 (D17) rather than Tomcat's silent drop; one over the size limit gets
     * 1009 first, as text does, whatever the container checks itself.
     */
    void binary(int bytes) {
        connection.heard();
        if (refusedBinary) {
            return; // another binary message, arriving while the close is under way
        }
        refusedBinary = true;
        app.metrics().received(name);
        int limit = app.settings().ints(Setting.MAX_MESSAGE_BYTES);
        if (bytes > limit) {
            new MessageTooBigException(limit).close(connection.session(), name);
            return;
        }
        LOG.info(() -> "Session " + connection.session().getId() + " on /" + name + ": binary message, closing it (1003)");
        Closing.close(connection.session(), CloseCodes.CANNOT_ACCEPT, PushEndpoint.PROTOCOL + " is JSON text only");
    }

    /** The answer to the heartbeat's ping (or an unsolicited one): the client is alive. */
    void pong() {
        connection.heard();
    }

    void error(Session session, Throwable error) {
        leaveTopics();
        registry().failed(session, error);
    }

    void close(Session session, CloseReason reason) {
        leaveTopics();
        registry().closed(session, reason);
    }

    /** Leaves every topic and forgets the token's expiry: the session is gone. */
    private void leaveTopics() {
        if (subscriptions != null) {
            subscriptions.leaveAll();
            who.cancel();
        }
    }

    /** The registry this session joined; an error may come before {@code @OnOpen} ran. */
    private SessionRegistry registry() {
        return app != null ? app.sessions() : Application.current().sessions();
    }
}
