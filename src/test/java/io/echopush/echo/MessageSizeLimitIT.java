package io.echopush.echo;

import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;

/** The size limit against the built WAR in a real container. */
class MessageSizeLimitIT extends BuiltWarTest implements MessageSizeLimitContract {

    @Override
    public AppUrls urls() {
        return AppUrls.of(base);
    }
}
