package io.echopush.echo;

import io.echopush.config.Setting;
import io.echopush.config.Settings;
import io.echopush.handshake.OriginCheckConfigurator;
import io.echopush.inbound.InboundRefusal;
import io.echopush.inbound.MessageAssembler;
import io.echopush.lifecycle.Application;
import io.echopush.outbound.OutboundMessage;
import io.echopush.session.Connection;
import io.echopush.session.SessionRegistry;
import io.echopush.support.EndpointNames;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * {@code /echo}: every text or binary message comes back whole, as the same type, in order; one instance per
 * connection. {@link MessageAssembler} holds it to the size limit and inbound rate; control frames are the container's.
 */
@ServerEndpoint(value = "/echo", configurator = OriginCheckConfigurator.class)
public class EchoEndpoint {

    private static final String NAME = EndpointNames.ECHO;

    private SessionRegistry sessions;
    private Connection connection;
    private MessageAssembler assembler;

    @OnOpen
    public void onOpen(Session session) {
        Application app = Application.current();
        sessions = app.sessions();
        connection = sessions.open(NAME, session);
        int limit = app.settings().ints(Setting.MAX_MESSAGE_BYTES);
        assembler = MessageAssembler.forSession(session, limit, app.inboundRate());
    }

    @OnMessage
    public void onText(String part, boolean last) {
        connection.heard();
        try {
            echo(assembler.text(part, last));
        } catch (InboundRefusal e) {
            e.close(connection.session(), NAME);
        }
    }

    /**
     * Whole, not in parts: Undertow may read a first frame before {@code @OnOpen} has set the limit, and only a whole
     * handler's {@code maxMessageSize} holds from the start (D31). The assembler still counts it, as it does text.
     */
    @OnMessage(maxMessageSize = Settings.MAX_MESSAGE_BYTES_CEILING)
    public void onBinary(ByteBuffer message) {
        connection.heard();
        try {
            echo(assembler.binary(message, true));
        } catch (InboundRefusal e) {
            e.close(connection.session(), NAME);
        }
    }

    /** The answer to the heartbeat's ping (or an unsolicited one): the client is alive. */
    @OnMessage
    public void onPong(PongMessage pong) {
        connection.heard();
    }

    @OnError
    public void onError(Session session, Throwable error) {
        registry().failed(session, error);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        registry().closed(session, reason);
    }

    /** The registry this session joined; an error may come before {@code @OnOpen} ran. */
    private SessionRegistry registry() {
        return sessions != null ? sessions : Application.current().sessions();
    }

    private void echo(OutboundMessage whole) {
        if (whole != null) {
            connection.sender().sendOrClose(whole);
        }
    }
}
