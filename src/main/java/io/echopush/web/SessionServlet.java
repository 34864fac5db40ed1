package io.echopush.web;

import io.echopush.access.Identity;
import io.echopush.access.SessionUser;
import io.echopush.lifecycle.Application;
import io.echopush.support.LogText;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code /api/session}: POST starts a publisher's HTTP session and keeps the user in it, which sockets opened in it
 * carry on every container (D45); DELETE signs out, and they close with 1008 ({@link SignOutListener}). DELETE needs
 * a CORS preflight cross-site, never granted. GET says who the caller is, so that a page can check credentials
 * without a session (D45).
 */
@WebServlet("/api/session")
public class SessionServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(SessionServlet.class.getName());

    /** The caller (the constraint authenticated it) and, of the roles the rules name, those it has, sorted. */
    record Caller(String user, List<String> roles) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> roles = Application.current().gate().rolesOf(request::isUserInRole);
        PublishServlet.respond(response, HttpServletResponse.SC_OK, new Caller(request.getRemoteUser(), roles));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        if (request.getSession(false) != null) {
            request.changeSessionId(); // against fixation: a session id known before sign-in is not the user's
        }
        Identity user = Application.current().gate().identify(request.getUserPrincipal(), request::isUserInRole);
        request.getSession(true).setAttribute(SessionUser.ATTRIBUTE, SessionUser.of(user));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "No session");
            return;
        }
        // DELETE needs no credentials (web.xml): the user is the one the session kept at sign-in
        String user = session.getAttribute(SessionUser.ATTRIBUTE) instanceof SessionUser kept ? kept.name()
                : request.getRemoteUser();
        LOG.info(() -> "User " + LogText.clip(user) + " signed out");
        session.invalidate();
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
