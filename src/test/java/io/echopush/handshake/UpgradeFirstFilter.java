package io.echopush.handshake;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.util.Map;

/**
 * Test-only: a WebSocket upgrade filter declared ahead of every filter in web.xml, as Jetty puts its own ahead of
 * them; it upgrades {@code /first} to {@link FirstEcho} with the application's configurator. Added by
 * {@link OriginFilterFirstIT}; Tyrus's programmatic upgrade does nothing here, so on Tyrus the request goes on.
 */
public class UpgradeFirstFilter extends HttpFilter {

    static final String PATH = "/first";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean first = request.getRequestURI().equals(request.getContextPath() + PATH);
        if (!first || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        ServerContainer container = (ServerContainer) getServletContext().getAttribute(ServerContainer.class.getName());
        try {
            container.upgradeHttpToWebSocket(request, response, FirstEcho.CONFIG, Map.of());
        } catch (DeploymentException e) {
            throw new ServletException(e);
        }
        if (response.getStatus() == HttpServletResponse.SC_OK && !response.isCommitted()) {
            chain.doFilter(request, response); // Tyrus upgrades only through its own filter: it comes later
        }
    }
}
