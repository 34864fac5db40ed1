package io.echopush.echo;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The echo contract against the built WAR in a real container. */
@ExtendWith(ArquillianExtension.class)
class EchoIT extends EchoContract {

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    private URL base;

    @Override
    protected AppUrls urls() {
        return AppUrls.of(base);
    }
}
