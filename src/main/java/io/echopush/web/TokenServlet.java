package io.echopush.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.access.Tokens;
import io.echopush.lifecycle.Application;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.PushCodec;
import io.echopush.support.LogText;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code POST /api/tokens}: a short-lived access token for a client without a container session (D44), naming the
 * caller, its roles and the topic patterns asked for. Role {@code publisher} only (web.xml's constraint).
 */
@WebServlet("/api/tokens")
public class TokenServlet extends HttpServlet {

    /** Largest request body: enough for the most patterns a token may carry. */
    static final int MAX_BODY_BYTES = 16_384;

    private static final Logger LOG = Logger.getLogger(TokenServlet.class.getName());

    /** 201: the token (a credential: the answer is never stored), whom it names and its expiry (epoch seconds). */
    record Issued(String token, String sub, long exp) {
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Application app = Application.current();
        Tokens tokens = app.tokens();
        if (!tokens.enabled()) {
            refuse(request, response, HttpServletResponse.SC_NOT_FOUND,
                    "tokens are not configured on this server (echopush.token-secret)");
            return;
        }
        if (!JsonBody.isJson(request.getContentType())) {
            refuse(request, response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "the body must be JSON: Content-Type: application/json (UTF-8)");
            return;
        }
        byte[] body = JsonBody.read(request, MAX_BODY_BYTES);
        if (body == null) {
            refuse(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "the body is larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        TokenRequest asked;
        try {
            JsonNode tree = PushCodec.parse(JsonBody.utf8(body));
            asked = TokenRequest.read(tree, tokens.maxSeconds());
        } catch (BadRequestException | IllegalArgumentException e) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        // the issuer's roles, of those the rules name: a token lets no more than its issuer may do
        List<String> roles = app.gate().rolesOf(request::isUserInRole);
        Tokens.Issued issued = tokens.issue(request.getRemoteUser(), roles, asked.grant(), asked.seconds());
        app.metrics().tokenIssued();
        LOG.info(() -> "Issued a token to " + LogText.clip(request.getRemoteUser()) + " for " + asked.seconds()
                + " s: subscribe " + LogText.clip(asked.grant().subscribe().toString()) + ", publish "
                + LogText.clip(asked.grant().publish().toString()));
        PublishServlet.respond(response, HttpServletResponse.SC_CREATED,
                new Issued(issued.token(), request.getRemoteUser(), issued.exp()));
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason)
            throws IOException {
        LOG.info(() -> "Refused a token to " + LogText.clip(request.getRemoteUser()) + " from "
                + request.getRemoteAddr() + ": " + status + " " + reason);
        PublishServlet.respond(response, status, new PublishServlet.Refused(reason));
    }
}
