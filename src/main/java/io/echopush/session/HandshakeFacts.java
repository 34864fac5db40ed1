package io.echopush.session;

import jakarta.websocket.Session;
import java.util.Map;

/**
 * What only the HTTP handshake knows and a session needs later: the client's remote address (JSR 356 gives a
 * session none), whose place under the connection caps the handshake filter reserved, and the HTTP session the
 * handshake belonged to. Written into the session's user properties
 * during the handshake (a per-connection copy since WebSocket 2.1), read here.
 */
public final class HandshakeFacts {

    private static final String REMOTE_ADDRESS = "io.echopush.remote-address";
    private static final String HTTP_SESSION = "io.echopush.http-session";

    private HandshakeFacts() {
    }

    /**
     * Records the facts in a handshake's user properties; null values are left out. A remote address recorded here
     * comes with its place under the connection caps, reserved by the handshake filter.
     */
    public static void record(Map<String, Object> userProperties, String remoteAddress, String httpSessionId) {
        if (remoteAddress != null) {
            userProperties.put(REMOTE_ADDRESS, remoteAddress);
        }
        if (httpSessionId != null) {
            userProperties.put(HTTP_SESSION, httpSessionId);
        }
    }

    /**
     * The client's address as the container saw it, its place under the caps already reserved; null if the
     * handshake did not pass our filter (as on the fast tests' standalone server).
     */
    public static String remoteAddress(Session session) {
        return (String) session.getUserProperties().get(REMOTE_ADDRESS);
    }

    /** If {@code session} belongs to the HTTP session {@code oldId}, it now belongs to {@code newId}. */
    static void renameHttpSession(Session session, String oldId, String newId) {
        session.getUserProperties().replace(HTTP_SESSION, oldId, newId);
    }

    /** The id of the HTTP session the handshake carried, or null. */
    public static String httpSessionId(Session session) {
        return (String) session.getUserProperties().get(HTTP_SESSION);
    }
}
