package io.echopush.testing;

import io.echopush.echo.EchoEndpoint;
import io.echopush.push.PushEndpoint;
import java.net.URI;
import java.util.Map;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The application's socket endpoints ({@code /echo}, {@code /push}) on Tyrus's standalone server, without any
 * servlet container: the fast layer. Settings come from defaults and system properties, as {@code Application} does without a context.
 * Register it as a static {@code @RegisterExtension} field: it starts before the class's tests, stops after.
 */
public final class TyrusTestServer implements BeforeAllCallback, AfterAllCallback {

    private Server server;
    private AppUrls urls;

    /** Starts on the port Maven reserved ({@code test.tyrus.port}), or any free one when run from an IDE. */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(Integer.getInteger("test.tyrus.port", 0));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** For engines without JUnit Jupiter's extensions (jqwik): started on any free port; {@link #stop()} after. */
    public static TyrusTestServer startedOnAnyPort() throws Exception {
        TyrusTestServer started = new TyrusTestServer();
        started.start(0);
        return started;
    }

    private void start(int port) throws Exception {
        server = new Server("127.0.0.1", port, "/echo-push", Map.of(), EchoEndpoint.class, PushEndpoint.class);
        server.start();
        urls = new AppUrls(URI.create("http://127.0.0.1:" + server.getPort() + "/echo-push/"));
    }

    public void stop() {
        server.stop();
    }

    public AppUrls urls() {
        return urls;
    }
}
