package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.TestClient;
import io.echopush.topic.ClockPublisher;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * On containers with CDI, any bean pushes by firing a {@link PublishEvent}. Runs on WildFly, Payara and
 * GlassFish; the Tomcat profiles exclude it, because Tomcat has no CDI (every other test there proves that the
 * same WAR deploys and works without it).
 */
class CdiPublishIT extends InContainerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TestClient.TIMEOUT).build();

    /** The built WAR plus one test servlet standing for "a bean of the application". */
    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar().addClass(FiringServlet.class);
    }

    @Test
    void anEventFiredByABeanReachesTheTopicsSubscribers() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = "cdi-" + UUID.randomUUID();
        try (PushClient subscriber = PushClient.connect(urls)) {
            subscriber.subscribe(topic);
            assertEquals(204, fire(urls, topic, 7));
            assertEquals(PushClient.read("{\"from\":\"cdi\",\"n\":7}"), subscriber.next("message").get("data"));
        }
    }

    @Test
    void aBadTopicIsRefusedToTheBeanThatFires() throws Exception {
        AppUrls urls = AppUrls.of(base);
        assertEquals(400, fire(urls, "no spaces allowed", 1));
        assertEquals(400, fire(urls, ClockPublisher.TOPIC, 1));
    }

    private static int fire(AppUrls urls, String topic, int n) throws Exception {
        String query = "topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&n=" + n;
        HttpRequest request = HttpRequest.newBuilder(urls.http("test/fire?" + query)).timeout(TestClient.TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
