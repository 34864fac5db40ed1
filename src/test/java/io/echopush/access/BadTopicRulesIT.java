package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.Deployments;
import io.echopush.testing.Http;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.TestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A rules file with a mistake stops the deployment, and the reason names the setting, the file's line and the
 * mistake; the WAR then serves nothing, while the deployment beside it goes on.
 */
class BadTopicRulesIT extends BuiltWarTest {

    private static final String BAD = "bad-rules";
    private static final String REASON = "echopush.topic-rules (WEB-INF/topic-rules.txt) line 2: unknown key"
            + " \"subscibe\" (subscribe or publish)";

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = BAD, managed = false, testable = false)
    public static WebArchive bad() {
        WebArchive war = Deployments.builtWar(Map.of("echopush.topic-rules", "WEB-INF/topic-rules.txt"))
                .addAsWebInfResource(new StringAsset("* subscribe=anonymous\norders.* subscibe=staff\n"),
                        "topic-rules.txt");
        return ShrinkWrap.create(WebArchive.class, BAD + ".war").merge(war);
    }

    @Test
    void aBadRuleStopsTheDeploymentNamingItsLine() throws Exception {
        AppUrls urls = AppUrls.of(base);
        List<String> said = new ArrayList<>();
        Handler listen = new Handler() {
            @Override
            public void publish(LogRecord record) {
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    said.add(String.valueOf(t.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(listen); // a container in this JVM logs the reason here
        try {
            deployer.deploy(BAD);
        } catch (Exception refused) { // Arquillian rethrows the container's checked DeploymentException as it is
            for (Throwable t = refused; t != null; t = t.getCause()) {
                said.add(String.valueOf(t.getMessage())); // a container of its own answers the reason to the deploy
            }
        } finally {
            Logger.getLogger("").removeHandler(listen);
        }
        try {
            // WildFly's management answer quotes the reason in DMR, its quotation marks escaped (\")
            assertTrue(said.stream().anyMatch(message -> message.replace("\\\"", "\"").contains(REASON)),
                    said.toString());
            URI badBase = urls.http("/" + BAD + "/");
            // embedded Tomcat's adapter reports no failure: the context did not start, and serves nothing
            assertNotEquals(200, status(badBase.resolve("metrics")));
            assertNotEquals(101, RawWebSocket.handshake(URI.create(badBase.resolve("push").toString()
                    .replaceFirst("^http", "ws")), Map.of()).status());
            assertEquals(200, status(urls.http("metrics"))); // the good deployment goes on
        } finally {
            try {
                deployer.undeploy(BAD);
            } catch (RuntimeException alreadyGone) {
                // a container that refused it has nothing to undeploy
            }
        }
    }

    private static int status(URI uri) throws Exception {
        return Http.CLIENT.send(HttpRequest.newBuilder(uri).timeout(TestClient.TIMEOUT).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
