package io.echopush.echo;

import io.echopush.testing.AppUrls;
import io.echopush.testing.TyrusTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The echo contract against the endpoint class on Tyrus's standalone server: seconds, no container. */
class EchoOnTyrusTest extends EchoContract {

    private static TyrusTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TyrusTestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected AppUrls urls() {
        return server.urls();
    }
}
