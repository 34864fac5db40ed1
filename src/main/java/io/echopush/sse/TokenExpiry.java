package io.echopush.sse;

import io.echopush.access.Token;
import io.echopush.lifecycle.Application;
import io.echopush.session.Connection;
import io.echopush.topic.Subscriptions;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/** A stream opened with a token ends when the token does, as a socket does (D44): 1008 "Token expired". */
final class TokenExpiry {

    private TokenExpiry() {
    }

    /**
     * Schedules the end of a stream opened with {@code token} (none without one); answers what the stream does when
     * it leaves: its topics, and the expiry that need not run.
     */
    static Runnable watch(Application app, Token token, Connection connection, Subscriptions subscriptions) {
        if (token == null) {
            return subscriptions::leaveAll;
        }
        Duration left = Duration.between(Instant.now(), token.end());
        ScheduledFuture<?> expiry = app.schedule(() -> {
            subscriptions.leaveAll(); // nothing more reaches it; the close follows what is queued
            connection.sender().closeAfterQueued(CloseCodes.VIOLATED_POLICY, Token.EXPIRED);
        }, left.isNegative() ? Duration.ZERO : left);
        return () -> {
            subscriptions.leaveAll();
            expiry.cancel(false);
        };
    }
}
