package io.echopush.push;

import io.echopush.config.Settings;
import io.echopush.handshake.OriginCheckConfigurator;
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
 * {@code /api/push}: push.v1 for publishers (role {@code publisher}, web.xml), a socket instead of a request per
 * message; what they publish carries their name as {@code from}, and their sign-out closes it with 1008 (D26).
 */
@ServerEndpoint(value = "/api/push", subprotocols = PushEndpoint.PROTOCOL, configurator = OriginCheckConfigurator.class)
public class PublisherEndpoint {

    private static final String NAME = EndpointNames.PUBLISHER;

    private final PushConversation conversation = new PushConversation(NAME);

    @OnOpen
    public void onOpen(Session session) {
        conversation.open(session);
    }

    @OnMessage
    public void onText(String part, boolean last) {
        conversation.text(part, last);
    }

    /** Refused with 1003; whole, so that WildFly holds it to the limit even before {@code @OnOpen} (D31). */
    @OnMessage(maxMessageSize = Settings.MAX_MESSAGE_BYTES_CEILING)
    public void onBinary(ByteBuffer message) {
        conversation.binary(message.remaining());
    }

    /** The answer to the heartbeat's ping (or an unsolicited one): the client is alive. */
    @OnMessage
    public void onPong(PongMessage pong) {
        conversation.pong();
    }

    @OnError
    public void onError(Session session, Throwable error) {
        conversation.error(session, error);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        conversation.close(session, reason);
    }
}
