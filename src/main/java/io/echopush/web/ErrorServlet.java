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
 * The body of errors the container sends itself (web.xml's error pages): under {@code /api/} JSON like every
 * other answer of the API, on every container, instead of each one's own HTML page.
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
