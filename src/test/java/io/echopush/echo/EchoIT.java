package io.echopush.echo;

import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;

/** The echo contract against the built WAR in a real container. */
class EchoIT extends BuiltWarTest implements EchoContract {

    @Override
    public AppUrls urls() {
        return AppUrls.of(base);
    }
}
