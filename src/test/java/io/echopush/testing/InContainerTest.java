package io.echopush.testing;

import java.net.URL;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An in-container test whose subclass declares its own {@code @Deployment}: Arquillian collects those of every
 * superclass, so a class that deploys something else cannot extend {@link BuiltWarTest}.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class InContainerTest {

    /** Where the container serves the deployment, e.g. {@code http://127.0.0.1:port/echo-push/}. */
    @ArquillianResource
    protected URL base;
}
