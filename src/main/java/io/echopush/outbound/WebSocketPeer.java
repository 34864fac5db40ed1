package io.echopush.outbound;

import io.echopush.support.Closing;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;

/** A WebSocket session as a {@link Peer}: the container's asynchronous remote, which enforces the send timeout. */
public record WebSocketPeer(Session session) implements Peer {

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public String user() {
        Principal principal = session.getUserPrincipal();
        return principal == null ? null : principal.getName();
    }

    @Override
    public Map<String, Object> properties() {
        return session.getUserProperties();
    }

    @Override
    public void send(OutboundMessage message, SendHandler done) {
        if (message instanceof OutboundMessage.Text text) {
            session.getAsyncRemote().sendText(text.text(), done);
        } else if (message instanceof OutboundMessage.Binary binary) {
            // A view, so that a send that consumes the buffer leaves the message's size unchanged.
            session.getAsyncRemote().sendBinary(binary.data().duplicate(), done);
        }
    }

    @Override
    public void ping(byte[] payload) throws IOException {
        session.getAsyncRemote().sendPing(ByteBuffer.wrap(payload));
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close(CloseCode code, String reason) {
        Closing.close(session, code, reason);
    }

    @Override
    public void boundClose(long millis) {
        session.setMaxIdleTimeout(millis);
    }

    @Override
    public boolean answers() {
        return true;
    }

    @Override
    public void sendTimeout(long millis) {
        session.getAsyncRemote().setSendTimeout(millis);
    }
}
