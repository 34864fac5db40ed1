package io.echopush.session;

import io.echopush.outbound.SessionSender;
import jakarta.websocket.Session;

/** An open session, the endpoint it belongs to, and its one sender. */
public record Connection(String endpoint, Session session, SessionSender sender) {
}
