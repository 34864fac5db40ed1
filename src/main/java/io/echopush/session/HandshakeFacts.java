package io.echopush.session;

import java.util.Map;

/**
 * What only the HTTP handshake knows and a session needs later (JSR 356 gives a session no remote address):
 * carried in the session's user properties, a per-connection copy since WebSocket 2.1 (a stream's own map).
 */
public final class HandshakeFacts {

    private static final String REMOTE_ADDRESS = "io.echopush.remote-address";
    private static final String HTTP_SESSION = "io.echopush.http-session";

    private HandshakeFacts() {
    }

    /** Records the facts (nulls left out); a remote address comes with its place under the caps, reserved. */
    public static void record(Map<String, Object> userProperties, String remoteAddress, String httpSessionId) {
        if (remoteAddress != null) {
            userProperties.put(REMOTE_ADDRESS, remoteAddress);
        }
        if (httpSessionId != null) {
            userProperties.put(HTTP_SESSION, httpSessionId);
        }
    }

    /** The client's address, its place under the caps reserved; null if the handshake bypassed our filter. */
    public static String remoteAddress(Map<String, Object> properties) {
        return (String) properties.get(REMOTE_ADDRESS);
    }

    /** If the connection belongs to the HTTP session {@code oldId}, it now belongs to {@code newId}. */
    static void renameHttpSession(Map<String, Object> properties, String oldId, String newId) {
        properties.replace(HTTP_SESSION, oldId, newId);
    }

    /** The id of the HTTP session whose user the socket carries (it ends with that session), or null. */
    public static String httpSessionId(Map<String, Object> properties) {
        return (String) properties.get(HTTP_SESSION);
    }
}
