package io.echopush.security;

import io.echopush.lifecycle.Application;
import io.echopush.support.LogText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Refuses WebSocket handshakes from origins the {@link OriginPolicy} does not allow, with HTTP 403.
 *
 * <p>The check lives in a filter because only the HTTP request knows the page's own origin (scheme, host,
 * port); {@code Configurator.checkOrigin} is given the Origin header alone. It is declared in
 * {@code web.xml}, so it runs before the containers' own upgrade filters, which all register themselves
 * after the descriptor's. What it approved it tells {@link OriginCheckConfigurator} on the same thread.
 */
public class OriginFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(OriginFilter.class.getName());
    private static final ThreadLocal<String> APPROVED = new ThreadLocal<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        String origin = request.getHeader("Origin");
        OriginPolicy policy = Application.current().originPolicy();
        if (!policy.allows(origin, request.getScheme(), request.getServerName(), request.getServerPort())) {
            LOG.info(() -> "Refused WebSocket handshake to " + LogText.clip(request.getRequestURI())
                    + " from " + request.getRemoteAddr() + ": origin " + LogText.clip(origin) + " is not allowed");
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Origin not allowed\n");
            return;
        }
        APPROVED.set(origin);
        try {
            chain.doFilter(request, response);
        } finally {
            APPROVED.remove();
        }
    }

    /** Whether this thread is inside a handshake whose {@code origin} this filter has approved. */
    static boolean approvedOnThisThread(String origin) {
        return origin != null && origin.equals(APPROVED.get());
    }
}
