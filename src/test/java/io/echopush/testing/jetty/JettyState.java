package io.echopush.testing.jetty;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;

/**
 * Jetty's dump of a running server, plus what its dump leaves out of each open connection: the private fields of the
 * connection (a WebSocket one's read demand and fill state), of its WebSocket session and of the session's handler,
 * read by reflection, and a line for a connection whose reads Jetty lost (docs/containers.md, Jetty's lost read).
 * For a connection that went silent; nothing here is used while a test passes.
 */
final class JettyState {

    /** The objects, below a connection, whose fields are worth printing (by field name on their holder). */
    private static final Set<String> FOLLOWED = Set.of("coreSession", "handler", "sessionState", "flusher");
    private static final int MAX_VALUE_CHARS = 300;

    private JettyState() {
    }

    static String dump(Server server) {
        StringBuilder text = new StringBuilder(server.dump());
        text.append("\nOpen connections, with their private state:\n");
        for (Connector connector : server.getConnectors()) {
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                Connection connection = endPoint.getConnection();
                text.append(endPoint).append('\n');
                if (connection != null) {
                    if (lostRead(endPoint, connection)) {
                        text.append("  LOST READ: marked FILLING_AND_PARSING with demand, no thread in fillAndParse,")
                                .append(" no fill interest: Jetty reads nothing more here (docs/containers.md)\n");
                    }
                    fields(connection, "  ", 0, text);
                }
            }
        }
        return text.toString();
    }

    /** Jetty's race up to 12.1.9 (D46): a demand from another thread as fillAndParse exits leaves it marked running. */
    private static boolean lostRead(EndPoint endPoint, Connection connection) {
        boolean parsing = Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream)
                .anyMatch(frame -> frame.getMethodName().equals("fillAndParse"));
        return !parsing && !endPoint.isFillInterested()
                && "FILLING_AND_PARSING".equals(String.valueOf(field(connection, "state")))
                && "DEMANDING".equals(String.valueOf(field(connection, "demand")));
    }

    private static Object field(Object object, String name) {
        for (Class<?> type = object.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(object);
            } catch (NoSuchFieldException e) {
                // a superclass may declare it
            } catch (RuntimeException | IllegalAccessException e) {
                return null;
            }
        }
        return null;
    }

    private static void fields(Object object, String indent, int depth, StringBuilder text) {
        text.append(indent).append(object.getClass().getName()).append(":\n");
        for (Class<?> type = object.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object value;
                try {
                    field.setAccessible(true);
                    value = field.get(object);
                } catch (RuntimeException | IllegalAccessException e) {
                    value = "(unreadable: " + e + ")";
                }
                String shown = String.valueOf(value);
                text.append(indent).append("  ").append(field.getName()).append(" = ")
                        .append(shown.length() > MAX_VALUE_CHARS ? shown.substring(0, MAX_VALUE_CHARS) + "…" : shown)
                        .append('\n');
                if (value != null && depth < 2 && FOLLOWED.contains(field.getName())) {
                    fields(value, indent + "    ", depth + 1, text);
                }
            }
        }
    }
}
