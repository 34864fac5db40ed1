package io.echopush.web;

import io.echopush.protocol.PushCodec;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The body of the errors the container itself sends (web.xml's error pages): 401 and 403 from the publish API's
 * security constraint, 404 and 405 below {@code /api/}. Under {@code /api/} a client gets JSON, like every other
 * answer of the API ({@code {"reason":"…"}}), on every container instead of each one's HTML page.
 */
@WebServlet("/errors")
public final class ErrorServlet extends HttpServlet {

    private static final Map<Integer, String> REASONS = Map.of(
            401, "sign in: this API is for users with the role publisher (HTTP BASIC)",
            403, "this user may not publish: the role publisher is missing",
            404, "no such resource",
            405, "method not allowed here");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : response.getStatus();
        String reason = REASONS.getOrDefault(status, "the request failed");
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        boolean api = uri instanceof String path && path.startsWith(request.getContextPath() + "/api/");
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setCharacterEncoding("UTF-8");
        if (api) {
            response.setContentType("application/json");
            response.getWriter().write(PushCodec.json(new PublishServlet.Refused(reason)));
        } else {
            response.setContentType("text/plain");
            response.getWriter().write(status + ": " + reason + "\n");
        }
    }
}
