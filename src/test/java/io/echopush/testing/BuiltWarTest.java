package io.echopush.testing;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** An in-container test against the WAR exactly as the pom built it, configured by its defaults. */
public abstract class BuiltWarTest extends InContainerTest {

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar();
    }
}
