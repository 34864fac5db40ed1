package io.echopush.handshake;

import io.echopush.lifecycle.Application;
import io.echopush.security.OriginPolicy;
import io.echopush.session.ConnectionCaps;
import io.echopush.session.SessionRegistry;
import io.echopush.support.LogText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Refuses a handshake before any upgrade: a version but 13 (426), an origin {@link OriginPolicy} refuses (403; a
 * filter, as only the request knows the page's own origin, D2), BASIC credentials the container refuses (401, D42),
 * or one over a {@link ConnectionCaps} cap (503, D25).
 */
public class OriginFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(OriginFilter.class.getName());
    private static final String VERSION_HEADER = "Sec-WebSocket-Version";
    private static final String VERSION = "13";
    /** Long enough for a burst of reconnects to spread out; short enough for a user to wait. */
    public static final int RETRY_AFTER_SECONDS = 10;
    private static final ThreadLocal<Approved> APPROVED = new ThreadLocal<>();

    /**
     * A handshake this filter let through, for the endpoint configurator on the same thread; its place under the
     * connection caps is reserved until the configurator hands it over to the session about to open.
     */
    private static final class Approved {
        final String origin;
        final String remoteAddress;
        boolean handedOver;

        Approved(String origin, String remoteAddress) {
            this.origin = origin;
            this.remoteAddress = remoteAddress;
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        if (!speaksVersion13(request.getHeader(VERSION_HEADER))) {
            response.setStatus(426); // Upgrade Required
            response.setHeader(VERSION_HEADER, VERSION);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("WebSocket version " + VERSION + " only\n");
            return;
        }
        String origin = request.getHeader("Origin");
        Application app = Application.current();
        OriginPolicy policy = app.originPolicy();
        if (!policy.allows(origin, request.getScheme(), request.getServerName(), request.getServerPort())) {
            LOG.info(() -> "Refused WebSocket handshake to " + LogText.clip(request.getRequestURI())
                    + " from " + request.getRemoteAddr() + ": origin " + LogText.clip(origin) + " is not allowed");
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Origin not allowed\n");
            return;
        }
        if (!Credentials.accepted(request, response)) {
            LOG.info(() -> "Refused WebSocket handshake to " + LogText.clip(request.getRequestURI()) + " from "
                    + request.getRemoteAddr() + ": credentials not accepted");
            return;
        }
        String address = request.getRemoteAddr();
        SessionRegistry sessions = app.sessions();
        ConnectionCaps.Refusal overCap = sessions.reserve(address);
        if (overCap != null) {
            app.metrics().refused(overCap.label());
            LOG.info(() -> "Refused WebSocket handshake to " + LogText.clip(request.getRequestURI()) + " from "
                    + address + ": the " + overCap.label() + " connection cap is reached");
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Too many connections, try again later\n");
            return;
        }
        LOG.info(() -> "WebSocket handshake to " + LogText.clip(request.getRequestURI()) + " from "
                + address + ", origin " + LogText.clip(origin)
                + (request.getRemoteUser() == null ? "" : ", user " + LogText.clip(request.getRemoteUser())));
        Approved approved = new Approved(origin, address);
        APPROVED.set(approved);
        try {
            chain.doFilter(request, response);
        } finally {
            APPROVED.remove();
            if (!approved.handedOver) {
                // no session will be opened for it (wrong path, refused subprotocol, ...): its place is free again
                sessions.unreserve(address);
            }
        }
    }

    /** Whether {@code Sec-WebSocket-Version} (a token list) includes 13: earlier drafts send no Origin to check. */
    private static boolean speaksVersion13(String versions) {
        if (versions == null) {
            return false;
        }
        for (String version : versions.split(",")) {
            if (version.trim().equals(VERSION)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this thread is inside a handshake whose {@code origin} this filter has approved. */
    static boolean approvedOnThisThread(String origin) {
        Approved approved = APPROVED.get();
        return origin != null && approved != null && origin.equals(approved.origin);
    }

    /**
     * The remote address of the handshake this filter let through on this thread, whose reserved place under the
     * connection caps now belongs to the session about to open; null if none.
     */
    static String handOverOnThisThread() {
        Approved approved = APPROVED.get();
        if (approved == null) {
            return null;
        }
        approved.handedOver = true;
        return approved.remoteAddress;
    }
}
