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
            403, "forbidden",
            404, "no such resource",
            405, "method not allowed here");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : response.getStatus();
        String reason = REASONS.getOrDefault(status, "the request failed");
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : "";
        String apiPrefix = request.getContextPath() + "/api/";
        boolean api = path.startsWith(apiPrefix);
        if (api && status == HttpServletResponse.SC_FORBIDDEN) {
            reason = "this user may not " + refused(path.substring(apiPrefix.length()))
                    + ": the role publisher is missing";
        }
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

    /**
     * What web.xml's constraint on {@code /api/*} refused a user without the role, named from the path below
     * {@code /api/} (never echoed: a client's path is not ours to repeat). Not from the method: Servlet 6.1
     * containers (Tomcat 11) dispatch every error page as a GET.
     */
    private static String refused(String apiPath) {
        return switch (apiPath.split("[/;]", 2)[0]) {
            case "topics" -> apiPath.matches("topics/[^/;]+/messages([;?].*)?")
                    ? "read a topic's history over HTTP" : "publish over HTTP";
            case "tokens" -> "get access tokens";
            case "session" -> "sign in or out at /api/session";
            case "push" -> "open the publishers' socket (/api/push)";
            default -> "use this API";
        };
    }
}
