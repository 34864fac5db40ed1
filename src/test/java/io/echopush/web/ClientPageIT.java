package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Browser;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.Http;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The client page, served by the WAR and used in a real browser the way a person would. */
class ClientPageIT extends BuiltWarTest {

    @Test
    void thePageAndItsAssetsAreServedWithTheirTypes() throws Exception {
        AppUrls urls = AppUrls.of(base);
        assertContentType(urls, "", "text/html");
        assertContentType(urls, "echo.js", "text/javascript");
        assertContentType(urls, "app.css", "text/css");
    }

    /**
     * reliability case 9: served over https, the page builds wss:// URLs (the page's own code, run in the browser
     * for page addresses it cannot be served from here).
     */
    @Test
    void aPageServedOverHttpsBuildsWssUrls() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (Browser browser = Browser.start()) {
            browser.open(urls.http("").toString());
            String script = "return import('./text.js').then(m => m.endpointUrl(arguments[0], new URL(arguments[1])));";
            assertEquals("wss://push.example.com/echo-push/echo",
                    browser.script(script, "echo", "https://push.example.com/echo-push/"));
            assertEquals("wss://push.example.com:8443/app/push",
                    browser.script(script, "push", "https://push.example.com:8443/app/index.html"));
            assertEquals("ws://localhost:8080/echo-push/push",
                    browser.script(script, "push", "http://localhost:8080/echo-push/index.html"));
        }
    }

    @Test
    void aPersonConnectsEchoesBurstsSendsBinaryAndClosesWithACode() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (Browser browser = Browser.start()) {
            browser.open(urls.http("").toString());

            // The URL is built from the page's own location, never a fixed host.
            assertEquals(urls.ws("echo").toString(), browser.byId("url").getAttribute("value"));
            assertEquals("—", browser.byId("last-heard").getText(), "liveness before any connection");
            assertEquals("Connect", browser.byId("connect").getText());
            browser.byId("connect").click();
            browser.await("readyState OPEN", d -> browser.byId("ready-state").getText().contains("1 OPEN"));
            assertEquals("Reconnect", browser.byId("connect").getText(), "with a connection up, it says so");

            // Typing and Enter sends, as the Send button does.
            WebElement message = browser.byId("message");
            message.clear();
            message.sendKeys("hello from the page", Keys.ENTER);
            Page.awaitReceivedText(browser, "hello from the page");
            // Liveness: how long since the server was last heard from, counted live.
            browser.await("liveness shown", d -> browser.byId("last-heard").getText().matches("\\d+\\.\\d s ago"));

            // A burst queues faster than the socket drains: bufferedAmount is seen above zero.
            browser.byId("burst-count").clear();
            browser.byId("burst-count").sendKeys("500");
            message.clear();
            message.sendKeys("x".repeat(2000));
            browser.byId("send-burst").click();
            browser.await("bufferedAmount above zero during the burst",
                    d -> Long.parseLong(browser.byId("buffered-peak").getText().replaceAll("\\D", "")) > 0);
            browser.await("all 500 echoes of the burst, counted on one log line",
                    d -> !d.findElements(By.cssSelector("#log li.collapsed[data-count='500']")).isEmpty());

            // Binary: random bytes come back as binary of the same size.
            new Select(browser.byId("binary-type")).selectByValue("arraybuffer");
            browser.byId("random-bytes").clear();
            browser.byId("random-bytes").sendKeys("1000");
            browser.byId("send-random").click();
            browser.await("binary echo", d -> browser.byId("log").getText().contains("binary, 1000 bytes"));

            // Close with a chosen code and reason: the log shows it, cleanly.
            browser.byId("close-code").clear();
            browser.byId("close-code").sendKeys("4000");
            browser.byId("close-reason").clear();
            browser.byId("close-reason").sendKeys("bye");
            browser.byId("close").click();
            browser.await("readyState CLOSED", d -> browser.byId("ready-state").getText().contains("3 CLOSED"));
            assertEquals("—", browser.byId("last-heard").getText(), "no liveness for a closed connection");
            assertEquals("Connect", browser.byId("connect").getText());
            WebElement closed = browser.await("close entry",
                    d -> d.findElements(By.cssSelector("#log li.close[data-code='4000']")).stream()
                            .findFirst().orElse(null));
            assertEquals("true", closed.getAttribute("data-was-clean"));
            assertTrue(closed.getText().contains("bye"), closed.getText());
        }
    }

    /** Received text is shown as text: markup in an echo never becomes an element, and no script runs. */
    @Test
    void echoedMarkupIsShownAsTextNeverRun() throws Exception {
        String attack = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
        try (Browser browser = Browser.start()) {
            browser.open(AppUrls.of(base).http("").toString());
            browser.byId("connect").click();
            browser.await("readyState OPEN", d -> browser.byId("ready-state").getText().contains("1 OPEN"));
            browser.byId("message").clear();
            browser.byId("message").sendKeys(attack);
            browser.byId("send").click();
            Page.awaitReceivedText(browser, attack);

            List<WebElement> injected = browser.driver().findElements(By.cssSelector("#log img, #log script"));
            assertTrue(injected.isEmpty(), "markup from the wire became elements: " + injected.size());
            assertEquals(null, browser.script("return window.__xss;"));
        }
    }

    private static void assertContentType(AppUrls urls, String path, String expected) throws Exception {
        HttpResponse<Void> response = Http.CLIENT.send(
                HttpRequest.newBuilder(urls.http(path)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, response.statusCode(), "GET /" + path);
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith(expected), "/" + path + " served as " + type);
    }
}
