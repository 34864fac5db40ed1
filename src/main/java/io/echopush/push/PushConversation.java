package io.echopush.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.access.Action;
import io.echopush.access.Identity;
import io.echopush.access.TopicGate;
import io.echopush.config.Setting;
import io.echopush.config.Settings;
import io.echopush.inbound.InboundRefusal;
import io.echopush.inbound.MessageAssembler;
import io.echopush.inbound.MessageTooBigException;
import io.echopush.lifecycle.Application;
import io.echopush.outbound.OutboundMessage;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.ClientMessage;
import io.echopush.protocol.PushCodec;
import io.echopush.protocol.ServerMessage;
import io.echopush.protocol.TopicName;
import io.echopush.session.Connection;
import io.echopush.session.SessionRegistry;
import io.echopush.support.Closing;
import io.echopush.support.TokenBucket;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.logging.Logger;

/**
 * One client's push.v1 conversation behind both push endpoints, which JSR 356 does not let inherit annotated methods
 * (D26). A bad request gets an {@code error} and the session stays open, up to its allowance of them (then 1008).
 */
final class PushConversation {

    private static final Logger LOG = Logger.getLogger(PushConversation.class.getName());

    private final String name;
    private Application app;
    private Connection connection;
    private MessageAssembler assembler;
    private Subscriptions subscriptions;
    private TokenBucket badMessageAllowance;
    private SocketIdentity who;
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
        who = new SocketIdentity(name, app, connection, Identity.recorded(session.getUserProperties()),
                subscriptions::leaveAll);
        // a session the server drops (dead peer, sign-out) leaves its topics then, not when the container reports it
        connection.whenLeaving(this::leaveTopics);
        badMessageAllowance = TokenBucket.perMinute(settings.ints(Setting.PUSH_BAD_MESSAGES_PER_MINUTE));
    }

    void text(String part, boolean last) {
        connection.heard();
        try {
            OutboundMessage.Text whole = assembler.text(part, last);
            if (whole != null) {
                app.metrics().received(name);
                handle(whole.text());
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

    private void handle(String text) {
        try {
            ClientMessage request = PushCodec.decode(text);
            if (request instanceof ClientMessage.Subscribe subscribe) {
                if (allowed(Action.SUBSCRIBE, subscribe.topic(), subscribe.id())) {
                    subscriptions.subscribe(subscribe);
                }
            } else if (request instanceof ClientMessage.Unsubscribe unsubscribe) {
                subscriptions.unsubscribe(unsubscribe);
            } else if (request instanceof ClientMessage.Publish publish) {
                publish(publish);
            } else if (request instanceof ClientMessage.History history
                    && allowed(Action.HISTORY, history.topic(), history.id())) {
                connection.sender().reply(PushCodec.outbound(app.topics().history(history.topic(), history.since(),
                        history.limit(), app.settings().ints(Setting.MAX_MESSAGE_BYTES), history.id())));
            } else if (request instanceof ClientMessage.Auth auth) {
                who.auth(auth);
            }
        } catch (BadRequestException e) {
            refuse(e.getMessage(), e.id());
        }
    }

    private void publish(ClientMessage.Publish publish) throws BadRequestException {
        if (TopicName.isServerOnly(publish.topic())) {
            throw new BadRequestException("\"" + publish.topic() + "\" is published by the server only", publish.id());
        }
        if (allowed(Action.PUBLISH, publish.topic(), publish.id())) {
            app.topics().publish(publish.topic(), publish.data(), who.current().name());
        }
    }

    /**
     * Whether the topic rules let this client do {@code action}; if not, it is told {@code forbidden} with the
     * request's id and goes on: a refusal is not a bad message, so it does not spend the allowance of those.
     */
    private boolean allowed(Action action, String topic, JsonNode id) {
        if (app.gate().allows(action, topic, who.current(), () -> "/" + name + " session "
                + connection.session().getId())) {
            return true;
        }
        connection.sender().reply(PushCodec.outbound(new ServerMessage.Error(TopicGate.FORBIDDEN, id)));
        return false;
    }

    /** Tells the client what was wrong, with the request's id; past its allowance of bad messages, closes with 1008. */
    private void refuse(String reason, JsonNode id) {
        connection.sender().reply(PushCodec.outbound(new ServerMessage.Error(reason, id)));
        if (!badMessageAllowance.tryTake()) {
            LOG.info(() -> "Session " + connection.session().getId() + " on /" + name
                    + ": too many bad messages, closing it (1008)");
            connection.sender().closeAfterQueued(CloseCodes.VIOLATED_POLICY, "Too many bad messages");
        }
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
