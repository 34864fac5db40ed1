package io.echopush.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.inbound.InboundRefusal;
import io.echopush.inbound.MessageAssembler;
import io.echopush.lifecycle.Application;
import io.echopush.outbound.OutboundMessage;
import io.echopush.security.OriginCheckConfigurator;
import io.echopush.session.Connection;
import io.echopush.session.SessionRegistry;
import io.echopush.support.Closing;
import io.echopush.support.TokenBucket;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Logger;

/**
 * {@code /push}: topics over JSON text messages, subprotocol {@code push.v1} (also served to clients that
 * offer no subprotocol). Requests become calls on the {@link TopicRegistry}; everything sent to this session
 * — replies, published messages, clock ticks, presence — goes through its one sender, which drops the oldest
 * waiting messages for a slow client rather than holding anyone up. A bad request gets an {@code error} and
 * the session stays open, until it sends more bad requests than its allowance (then 1008).
 */
@ServerEndpoint(value = "/push", subprotocols = PushEndpoint.PROTOCOL, configurator = OriginCheckConfigurator.class)
public class PushEndpoint {

    public static final String NAME = "push";
    public static final String PROTOCOL = "push.v1";
    private static final Logger LOG = Logger.getLogger(PushEndpoint.class.getName());

    private Application app;
    private Connection connection;
    private MessageAssembler assembler;
    private Subscriptions subscriptions;
    private TokenBucket badMessageAllowance;
    private boolean refusedBinary;

    @OnOpen
    public void onOpen(Session session) {
        app = Application.current();
        connection = app.sessions().open(NAME, session, PushCodec::dropped);
        assembler = MessageAssembler.forSession(session, app.settings().maxMessageBytes(), app.inboundRate());
        subscriptions = new Subscriptions(app.topics(), connection, app.settings().pushMaxSubscriptions());
        badMessageAllowance = TokenBucket.perMinute(app.settings().pushBadMessagesPerMinute());
    }

    @OnMessage
    public void onText(String part, boolean last) {
        connection.heard();
        try {
            OutboundMessage.Text whole = assembler.text(part, last);
            if (whole != null) {
                app.metrics().received(NAME);
                handle(whole.text());
            }
        } catch (InboundRefusal e) {
            closeFor(e);
        }
    }

    /**
     * push.v1 is JSON text: binary is data this endpoint cannot accept (1003, RFC 6455 §7.4.1). Declared so that
     * every container answers the same way; without a binary handler Tomcat drops binary messages silently.
     */
    @OnMessage
    public void onBinary(ByteBuffer part, boolean last) {
        connection.heard();
        if (refusedBinary) {
            return; // a further part of the same message, arriving while the close is under way
        }
        refusedBinary = true;
        app.metrics().received(NAME);
        LOG.info(() -> "Session " + connection.session().getId() + " on /" + NAME + ": binary message, closing it (1003)");
        Closing.close(connection.session(), CloseCodes.CANNOT_ACCEPT, PROTOCOL + " is JSON text only");
    }

    /** The answer to the heartbeat's ping (or an unsolicited one): the client is alive. */
    @OnMessage
    public void onPong(PongMessage pong) {
        connection.heard();
    }

    @OnError
    public void onError(Session session, Throwable error) {
        leaveTopics();
        registry().failed(session, error);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        leaveTopics();
        registry().closed(session, reason);
    }

    private void handle(String text) {
        try {
            ClientMessage request = PushCodec.decode(text);
            if (request instanceof ClientMessage.Subscribe subscribe) {
                subscriptions.subscribe(subscribe);
            } else if (request instanceof ClientMessage.Unsubscribe unsubscribe) {
                subscriptions.unsubscribe(unsubscribe);
            } else if (request instanceof ClientMessage.Publish publish) {
                publish(publish);
            }
        } catch (BadRequestException e) {
            refuse(e.getMessage(), e.id());
        }
    }

    private void publish(ClientMessage.Publish publish) throws BadRequestException {
        if (TopicName.isServerOnly(publish.topic())) {
            throw new BadRequestException("\"" + publish.topic() + "\" is published by the server only", publish.id());
        }
        app.topics().publish(publish.topic(), publish.data());
    }

    /** Tells the client what was wrong (with the request's id); past its allowance of bad messages, closes it with 1008. */
    private void refuse(String reason, JsonNode id) {
        connection.sender().offer(PushCodec.outbound(new ServerMessage.Error(reason, id)));
        if (!badMessageAllowance.tryTake()) {
            LOG.info(() -> "Session " + connection.session().getId() + " on /" + NAME
                    + ": too many bad messages, closing it (1008)");
            connection.sender().closeAfterQueued(CloseCodes.VIOLATED_POLICY, "Too many bad messages");
        }
    }

    /** Too big (1009) or too fast (1008): closed on the handler's own thread, so that nothing more is read. */
    private void closeFor(InboundRefusal refusal) {
        LOG.info(() -> "Session " + connection.session().getId() + " on /" + NAME + ": " + refusal.getMessage()
                + ", closing it (" + refusal.closeCode().getCode() + ")");
        Closing.close(connection.session(), refusal.closeCode(), refusal.getMessage());
    }

    private void leaveTopics() {
        if (subscriptions != null) {
            subscriptions.leaveAll();
        }
    }

    /** The registry this session joined; an error may come before {@code @OnOpen} ran. */
    private SessionRegistry registry() {
        return app != null ? app.sessions() : Application.current().sessions();
    }
}
