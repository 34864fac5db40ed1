package io.echopush.handshake;

import io.echopush.lifecycle.Application;
import io.echopush.session.HandshakeFacts;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The WebSocket API's own origin hook, used by every endpoint: a second line behind {@link OriginFilter}.
 *
 * <p>{@code checkOrigin} does not see the request, so it accepts what the filter approved on this thread
 * and otherwise only what needs no request (allow-listed or missing origins). Were a container ever to
 * upgrade before the filter ran, same-origin pages would be refused rather than every origin allowed:
 * the check fails closed.
 *
 * <p>It also hands the session what only the handshake knows ({@link HandshakeFacts}): the client's address
 * (for the connection caps) and its HTTP session (whose end closes an authenticated socket).
 */
public class OriginCheckConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String origin) {
        return OriginFilter.approvedOnThisThread(origin)
                || Application.current().originPolicy().allowsWithoutRequest(origin);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        HandshakeFacts.record(config.getUserProperties(), OriginFilter.handOverOnThisThread(),
                request.getHttpSession() instanceof HttpSession httpSession ? httpSession.getId() : null);
    }
}
