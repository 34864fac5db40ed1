package io.echopush.push;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Test-only: stands for "any bean of the application". Added to the built WAR by {@link CdiPublishIT};
 * {@code POST /test/fire?topic=T&n=N} fires {@code PublishEvent(T, {"from":"cdi","n":N})}.
 */
@WebServlet("/test/fire")
public class FiringServlet extends HttpServlet {

    @Inject
    private Event<PublishEvent> publish;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            publish.fire(new PublishEvent(request.getParameter("topic"),
                    Map.of("from", "cdi", "n", Integer.parseInt(request.getParameter("n")))));
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } catch (IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }
}
