package io.echopush.echo;

import io.echopush.testing.AppUrls;
import io.echopush.testing.TyrusTestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The size limit against the endpoint class on Tyrus's standalone server: seconds, no container. */
class MessageSizeLimitOnTyrusTest implements MessageSizeLimitContract {

    @RegisterExtension
    static final TyrusTestServer SERVER = new TyrusTestServer();

    @Override
    public AppUrls urls() {
        return SERVER.urls();
    }

    @Override
    public String server() {
        return "tyrus";
    }
}
