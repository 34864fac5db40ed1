package io.echopush.handshake;

import io.echopush.access.Identity;
import io.echopush.access.SessionUser;
import io.echopush.lifecycle.Application;
import io.echopush.session.HandshakeFacts;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Every endpoint's origin hook, a fail-closed second line behind {@link OriginFilter} (D2); it also hands the session
 * what only the handshake knows ({@link HandshakeFacts}): the client's address and its HTTP session (D25, D26), and
 * who the container says the client is: its user and, of the roles the topic rules name, those it has (D42), or
 * else the user its HTTP session was signed in with (D45).
 */
public class OriginCheckConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String origin) {
        return OriginFilter.approvedOnThisThread(origin)
                || Application.current().originPolicy().allowsWithoutRequest(origin);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        HttpSession httpSession = request.getHttpSession() instanceof HttpSession session ? session : null;
        Identity identity = Application.current().gate().identify(request.getUserPrincipal(), request::isUserInRole);
        if (identity.name() == null) {
            identity = SessionUser.signedIn(httpSession);
        }
        // a socket that carries a session's user ends with that session (sign-out, 1008)
        HandshakeFacts.record(config.getUserProperties(), OriginFilter.handOverOnThisThread(),
                identity.name() != null && httpSession != null ? httpSession.getId() : null);
        identity.record(config.getUserProperties());
    }
}
