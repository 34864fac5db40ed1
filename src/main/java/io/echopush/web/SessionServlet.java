package io.echopush.web;

import io.echopush.support.LogText;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * {@code /api/session}: a signed-in publisher's HTTP session, which the sockets it opens belong to.
 * {@code POST} starts one (204 and the container's session cookie); {@code DELETE} signs out: the session ends,
 * and every socket opened with its cookie closes with 1008 ({@link io.echopush.web.SignOutListener}) — as
 * it would when the session times out. Behind the same constraint as the rest of {@code /api} (web.xml).
 * DELETE cannot be sent cross-site without a CORS preflight, which this application never grants.
 */
@WebServlet("/api/session")
public class SessionServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(SessionServlet.class.getName());

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        request.getSession(true);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "No session");
            return;
        }
        LOG.info(() -> "User " + LogText.clip(request.getRemoteUser()) + " signed out");
        session.invalidate();
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
