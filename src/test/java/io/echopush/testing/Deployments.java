package io.echopush.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** What the in-container tests deploy: the WAR exactly as the pom built it, never a hand-assembled copy. */
public final class Deployments {

    private Deployments() {
    }

    /** {@code target/echo-push.war}, deployed under its own name, hence at {@code /echo-push}. */
    public static WebArchive builtWar() {
        File war = new File(System.getProperty("test.war", "target/echo-push.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the tests through `./mvnw verify`, which builds it first");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
