package io.echopush.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.RawWebSocket;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The origin check runs first even where the container's upgrade filter comes before every declared filter, as
 * Jetty's does: the page's own origin still connects, a foreign one still gets 403. With the origin filter
 * declared in web.xml (before D41) the page's own origin got 403 here (Tomcat; Tyrus cannot tell, D41).
 */
class OriginFilterFirstIT extends InContainerTest {

    @Deployment(testable = false)
    public static WebArchive war() {
        String declarations = "  <filter><filter-name>UpgradeFirst</filter-name>"
                + "<filter-class>" + UpgradeFirstFilter.class.getName() + "</filter-class>"
                + "<async-supported>true</async-supported></filter>\n"
                + "  <filter-mapping><filter-name>UpgradeFirst</filter-name><url-pattern>/*</url-pattern>"
                + "</filter-mapping>\n"
                + "  <listener><listener-class>" + FirstEcho.Registration.class.getName()
                + "</listener-class></listener>\n";
        return Deployments.builtWar(webXml -> Deployments.beforeFirstListener(webXml, declarations))
                .addClasses(UpgradeFirstFilter.class, FirstEcho.class, FirstEcho.Registration.class);
    }

    @Test
    void thePagesOwnOriginConnectsThroughAnUpgradeFilterThatComesFirst() throws IOException {
        AppUrls urls = AppUrls.of(base);
        try (RawWebSocket socket = RawWebSocket.open(first(urls), Map.of("Origin", urls.origin()))) {
            assertEquals(101, socket.handshake().status());
            socket.sendText("first");
            assertEquals("first", socket.readFrame().text());
        }
    }

    @Test
    void aForeignOriginIsRefusedBeforeThatFilterUpgrades() throws IOException {
        URI first = first(AppUrls.of(base));
        try (RawWebSocket socket = RawWebSocket.open(first, Map.of("Origin", "https://evil.example"))) {
            assertEquals(403, socket.handshake().status());
        }
    }

    private static URI first(AppUrls urls) {
        return urls.ws(UpgradeFirstFilter.PATH.substring(1));
    }
}
