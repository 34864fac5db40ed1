package io.echopush.security;

import io.echopush.lifecycle.Application;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The WebSocket API's own origin hook, used by every endpoint: a second line behind {@link OriginFilter}.
 *
 * <p>{@code checkOrigin} does not see the request, so it accepts what the filter approved on this thread
 * and otherwise only what needs no request (allow-listed or missing origins). Were a container ever to
 * upgrade before the filter ran, same-origin pages would be refused rather than every origin allowed:
 * the check fails closed.
 */
public class OriginCheckConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String origin) {
        return OriginFilter.approvedOnThisThread(origin)
                || Application.current().originPolicy().allowsWithoutRequest(origin);
    }
}
