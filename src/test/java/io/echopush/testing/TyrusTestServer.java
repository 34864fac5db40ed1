package io.echopush.testing;

import io.echopush.echo.EchoEndpoint;
import java.net.URI;
import java.util.Map;
import org.glassfish.tyrus.server.Server;

/**
 * The application's endpoint classes on Tyrus's standalone server, without any servlet container: the fast
 * layer. Settings come from defaults and system properties, as {@code Application} does without a context.
 */
public final class TyrusTestServer implements AutoCloseable {

    private final Server server;
    private final AppUrls urls;

    private TyrusTestServer(Server server, AppUrls urls) {
        this.server = server;
        this.urls = urls;
    }

    /** Starts on the port Maven reserved ({@code test.tyrus.port}), or any free one when run from an IDE. */
    public static TyrusTestServer start() throws Exception {
        int port = Integer.getInteger("test.tyrus.port", 0);
        Server server = new Server("127.0.0.1", port, "/echo-push", Map.of(), EchoEndpoint.class);
        server.start();
        return new TyrusTestServer(server, new AppUrls(URI.create("http://127.0.0.1:" + server.getPort() + "/echo-push/")));
    }

    public AppUrls urls() {
        return urls;
    }

    @Override
    public void close() {
        server.stop();
    }
}
