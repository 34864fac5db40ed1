package io.echopush.echo;

import io.echopush.testing.AppUrls;
import io.echopush.testing.TyrusTestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The echo contract against the endpoint class on Tyrus's standalone server: seconds, no container. */
class EchoOnTyrusTest implements EchoContract {

    @RegisterExtension
    static final TyrusTestServer SERVER = new TyrusTestServer();

    @Override
    public AppUrls urls() {
        return SERVER.urls();
    }
}
