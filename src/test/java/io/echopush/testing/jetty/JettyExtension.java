package io.echopush.testing.jetty;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link JettyContainer}; listed in src/test/jetty/classpath, which only the jetty profile puts on the class path. */
public final class JettyExtension implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(DeployableContainer.class, JettyContainer.class);
    }
}
