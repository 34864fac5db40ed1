package io.echopush.web;

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
 * {@code /api/session}: POST starts a publisher's HTTP session, which its sockets belong to; DELETE signs out, and
 * they close with 1008 ({@link SignOutListener}). DELETE needs a CORS preflight cross-site, never granted. GET says
 * who the caller is, so that a page can check credentials without a session (D45).
 */
@WebServlet("/api/session")
public class SessionServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(SessionServlet.class.getName());

    /** The caller (the constraint authenticated it) and, of the roles the rules name, those it has, sorted. */
    record Caller(String user, List<String> roles) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> roles = Application.current().gate().rules().roleNames().stream().filter(request::isUserInRole)
                .sorted().toList();
        PublishServlet.respond(response, HttpServletResponse.SC_OK, new Caller(request.getRemoteUser(), roles));
    }

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
