package io.echopush.handshake;

import io.echopush.access.Identity;
import io.echopush.lifecycle.Application;
import io.echopush.session.HandshakeFacts;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Every endpoint's origin hook, a fail-closed second line behind {@link OriginFilter} (D2); it also hands the session
 * what only the handshake knows ({@link HandshakeFacts}): the client's address and its HTTP session (D25, D26), and
 * who the container says the client is: its user and, of the roles the topic rules name, those it has (D42).
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
        Identity.of(request.getUserPrincipal(), request::isUserInRole,
                Application.current().gate().rules().roleNames()).record(config.getUserProperties());
    }
}
