package io.echopush.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.access.Identity;
import io.echopush.access.Token;
import io.echopush.access.TokenRefusal;
import io.echopush.lifecycle.Application;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.ClientMessage;
import io.echopush.protocol.PushCodec;
import io.echopush.protocol.ServerMessage;
import io.echopush.session.Connection;
import io.echopush.support.LogText;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who a push socket is: the container's user from the handshake, or the user of the access token it presents in an
 * {@code auth} request (D44), one token per socket, until the token expires and the socket closes with 1008.
 */
final class SocketIdentity {

    /** How every refusal of an {@code auth} begins, followed by what was wrong. */
    static final String UNAUTHORIZED = "unauthorized";

    private static final Logger LOG = Logger.getLogger(SocketIdentity.class.getName());

    private final String name;
    private final Application app;
    private final Connection connection;
    private final Runnable leaveTopics;
    private volatile Identity identity;
    private volatile ScheduledFuture<?> expiry;

    /** @param leaveTopics leaves every topic the socket subscribed to, when its token expires */
    SocketIdentity(String name, Application app, Connection connection, Identity recorded, Runnable leaveTopics) {
        this.name = name;
        this.app = app;
        this.connection = connection;
        this.identity = recorded;
        this.leaveTopics = leaveTopics;
    }

    Identity current() {
        return identity;
    }

    /**
     * Takes the token's identity and answers {@code authed}, or refuses with why (a bad message: a client that
     * sends bad tokens is broken, and past its allowance closed). A socket with a user already keeps it.
     */
    void auth(ClientMessage.Auth auth) throws BadRequestException {
        if (identity.name() != null) {
            throw new BadRequestException(UNAUTHORIZED + ": this socket is signed in already (one token per socket)",
                    auth.id());
        }
        Token token;
        try {
            token = app.tokens().verify(auth.token());
        } catch (TokenRefusal e) {
            app.metrics().tokenRefused(e.reason().label());
            LOG.info(() -> "Session " + connection.session().getId() + " on /" + name + ": token refused ("
                    + e.reason().label() + "): " + e.getMessage());
            throw new BadRequestException(UNAUTHORIZED + ": " + e.getMessage(), auth.id());
        }
        identity = token.identity();
        Duration left = Duration.between(Instant.now(), token.end());
        expiry = app.schedule(this::expire, left.isNegative() ? Duration.ZERO : left);
        connection.sender().reply(PushCodec.outbound(new ServerMessage.Authed(token.subject(),
                token.expires().getEpochSecond(), auth.id())));
        LOG.fine(() -> "Session " + connection.session().getId() + " on /" + name + ": token of "
                + LogText.clip(token.subject()) + " until " + token.expires());
    }

    /** Answers {@code whoami}: the user and roles the rules see for this socket, nothing the client sent (D45). */
    void tell(JsonNode id) {
        Identity now = identity;
        connection.sender().reply(PushCodec.outbound(new ServerMessage.Identity(now.name(),
                now.roles().stream().sorted().toList(), now.token() != null, id)));
    }

    /** The token ran out: nothing more reaches the socket, which closes once what is queued is written. */
    private void expire() {
        try {
            LOG.info(() -> "Session " + connection.session().getId() + " on /" + name + ": token of "
                    + LogText.clip(identity.name()) + " expired, closing it (1008)");
            leaveTopics.run();
            connection.sender().closeAfterQueued(CloseCodes.VIOLATED_POLICY, Token.EXPIRED);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Closing a session whose token expired failed", e); // a timer must not throw
        }
    }

    /** The socket is gone: its expiry need not run. */
    void cancel() {
        ScheduledFuture<?> pending = expiry;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
