package io.echopush.run;

import org.apache.catalina.connector.Connector;

/**
 * What the run command ships beyond Tomcat's defaults, for many mostly idle clients: Tomcat's own per-connection
 * buffers (socket read and write; WebSocket input, output and encoder) at 4 KiB instead of 8 KiB, and room for 30,000
 * connections instead of 8,192. Larger messages take more system calls; the figures are in docs/benchmarks.md,
 * the same settings for operators in docs/deploy.md. A value given with {@code -D} wins: the WebSocket buffer as
 * {@code -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}, any connector attribute as {@code -D<prefix><name>}.
 */
public final class TomcatTuning {

    public static final int BUFFER_BYTES = 4096;

    public static final int MAX_CONNECTIONS = 30_000;

    /** Read by Tomcat's WebSocket classes once, when they load: set before Tomcat starts. */
    static final String WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    private TomcatTuning() {
    }

    /**
     * Applies the tuning to {@code connector} and to the WebSocket buffers of this JVM, then every system property
     * named {@code prefix + attribute} to the connector's attribute.
     */
    public static void apply(Connector connector, String prefix) {
        if (System.getProperty(WEBSOCKET_BUFFER) == null) {
            System.setProperty(WEBSOCKET_BUFFER, String.valueOf(BUFFER_BYTES));
        }
        connector.setProperty("socket.appReadBufSize", String.valueOf(BUFFER_BYTES));
        connector.setProperty("socket.appWriteBufSize", String.valueOf(BUFFER_BYTES));
        connector.setProperty("maxConnections", String.valueOf(MAX_CONNECTIONS));
        override(connector, prefix);
    }

    /** Sets every system property named {@code prefix + attribute} as the connector's attribute. */
    public static void override(Connector connector, String prefix) {
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(prefix))
                .forEach(name -> connector.setProperty(name.substring(prefix.length()), System.getProperty(name)));
    }
}
