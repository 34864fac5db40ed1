package io.echopush.testing;

import io.echopush.handshake.OriginCheckConfigurator;
import io.echopush.lifecycle.Application;
import io.echopush.outbound.OutboundMessage;
import io.echopush.session.Connection;
import io.echopush.session.SessionRegistry;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * Test-only: an endpoint whose handler throws when told to, for reliability case 29 (our production endpoints
 * have no reachable throw). Added to the built WAR only by the test that needs it. It registers and leaves
 * exactly as {@code EchoEndpoint} does, so what happens after the throw is the production path:
 * the container reports the exception to {@code @OnError}, and {@link SessionRegistry#failed} decides the close.
 *
 * <p>{@value #FAIL} makes {@code @OnMessage} throw; any other text is echoed. Like the production endpoints it
 * takes text in parts (containers invoke partial and whole-message handlers by different paths). Connecting with
 * the query {@value #FAIL_ON_OPEN} makes {@code @OnOpen} throw, once the session is registered.
 */
@ServerEndpoint(value = "/test/failing", configurator = OriginCheckConfigurator.class)
public class FailingEndpoint {

    public static final String NAME = "failing";
    public static final String PATH = "test/failing";
    public static final String FAIL = "fail";
    public static final String FAIL_ON_OPEN = "fail-on-open";

    private SessionRegistry sessions;
    private Connection connection;

    @OnOpen
    public void onOpen(Session session) {
        sessions = Application.current().sessions();
        connection = sessions.open(NAME, session);
        if (FAIL_ON_OPEN.equals(session.getQueryString())) {
            throw new IllegalStateException("told to fail in @OnOpen (test)");
        }
    }

    /** Short test messages: each part is taken as a message of its own. */
    @OnMessage
    public void onText(String part, boolean last) {
        connection.heard();
        if (FAIL.equals(part)) {
            throw new IllegalStateException("told to fail (test)");
        }
        connection.sender().sendOrClose(OutboundMessage.text(part));
    }

    @OnError
    public void onError(Session session, Throwable error) {
        registry().failed(session, error);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        registry().closed(session, reason);
    }

    private SessionRegistry registry() {
        return sessions != null ? sessions : Application.current().sessions();
    }
}
