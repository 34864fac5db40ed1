package io.echopush.echo;

import io.echopush.testing.AppUrls;
import io.echopush.testing.TyrusTestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The size limit against the endpoint class on Tyrus's standalone server: seconds, no container. */
class MessageSizeLimitOnTyrusTest extends MessageSizeLimitContract {

    @RegisterExtension
    static final TyrusTestServer SERVER = new TyrusTestServer();

    @Override
    protected AppUrls urls() {
        return SERVER.urls();
    }

    @Override
    protected String server() {
        return "tyrus";
    }
}
