package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Browser;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.UpgradeBlockingProxy;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The push panel's transport switch in Chromium: behind a proxy that refuses WebSocket upgrades (as corporate
 * proxies do), "automatic" falls back to Server-Sent Events and receives; SSE can be chosen outright; WebSocket
 * chosen outright does not fall back. Messages are published by a Java client straight to the server.
 */
class TransportFallbackIT extends BuiltWarTest {

    @Test
    void behindAProxyThatRefusesUpgradesAutomaticFallsBackToSseAndReceives() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic("fallback");
        try (UpgradeBlockingProxy proxy = new UpgradeBlockingProxy(urls.base().getPort());
                Browser browser = Page.open(viaProxy(proxy));
                PushClient publisher = PushClient.connect(urls)) {
            browser.byId("push-connect").click();
            awaitTransport(browser, "transport: SSE (fallback: WebSocket upgrade failed)");
            assertTrue(proxy.refusedUpgrades() >= 1, "the page tried the WebSocket first");
            assertEquals(AppUrls.of(viaProxy(proxy)).http("events").toString(), browser.byId("push-url").getText());
            assertTrue(logged(browser, "li[data-transport='sse']", "falling back to Server-Sent Events"));

            Page.subscribe(browser, topic);
            Page.awaitSubscribed(browser, topic);
            browser.await("the stream is open", d -> browser.byId("push-state").getText().startsWith("OPEN (SSE #"));
            publisher.publish(topic, PushClient.read("{\"via\":\"sse\"}"));
            WebElement message = awaitMessage(browser, topic, 1);
            assertEquals(PushClient.read("{\"via\":\"sse\"}"), PushClient.read(data(message)));

            // Publishing needs the WebSocket: the box says so instead of failing silently.
            assertFalse(browser.byId("push-publish").isEnabled());
            assertTrue(browser.byId("push-publish-note").isDisplayed());
            assertTrue(browser.byId("push-transport-choice").getAttribute("disabled") != null,
                    "the choice waits for Disconnect");
            Page.assertNoScriptErrors(browser);
        }
    }

    /** Chosen outright, no proxy: the stream carries every topic; a second topic reopens it losing nothing. */
    @Test
    void sseChosenOutrightReceivesAndAChangeOfTopicsLosesNothing() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String first = freshTopic("sse-a");
        String second = freshTopic("sse-b");
        try (Browser browser = Page.open(base); PushClient publisher = PushClient.connect(urls)) {
            choose(browser, "sse");
            browser.byId("push-connect").click();
            awaitTransport(browser, "transport: SSE");
            Page.subscribe(browser, first);
            Page.awaitSubscribed(browser, first);
            publisher.publish(first, PushClient.read("1"));
            awaitMessage(browser, first, 1);

            Page.subscribe(browser, second); // the stream reopens with both topics, from seq 1 of the first
            Page.awaitSubscribed(browser, second);
            Page.awaitSubscribed(browser, first);
            publisher.publish(first, PushClient.read("2"));
            publisher.publish(second, PushClient.read("\"b\""));
            awaitMessage(browser, first, 2);
            awaitMessage(browser, second, 1);
            assertEquals(List.of("1", "2"), messageEntries(browser.driver(), first).stream()
                    .map(TransportFallbackIT::data).toList(), "each once, in order");
            assertTrue(browser.driver().findElements(By.cssSelector("#log li[data-recovered='false']")).isEmpty(),
                    "no gap reported");
            assertTrue(browser.driver().findElements(By.cssSelector("#log li.open[data-source='push']")).stream()
                    .noneMatch(open -> open.getText().contains("protocol")), "no WebSocket was opened");
            Page.assertNoScriptErrors(browser);
        }
    }

    @Test
    void webSocketChosenOutrightBehindTheProxyReportsTheFailureAndDoesNotFallBack() throws Exception {
        try (UpgradeBlockingProxy proxy = new UpgradeBlockingProxy(AppUrls.of(base).base().getPort());
                Browser browser = Page.open(viaProxy(proxy))) {
            choose(browser, "websocket");
            browser.byId("push-connect").click();
            browser.await("the failed upgrade in the log", d -> !d.findElements(
                    By.cssSelector("#log li.error[data-upgrade='failed']")).isEmpty());
            awaitTransport(browser, "transport: WebSocket");
            assertTrue(browser.driver().findElements(By.cssSelector("#log li[data-transport='sse']")).isEmpty(),
                    "no fallback");
            browser.byId("push-connect").click(); // Disconnect: no more attempts
            Page.assertNoScriptErrors(browser);
        }
    }

    /** The proxy cuts the stream; what is published meanwhile shows after the browser's own reconnect. */
    @Test
    void aStreamCutMidwayResumesFromTheLastEventIdWithoutAGap() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic("resume");
        try (UpgradeBlockingProxy proxy = new UpgradeBlockingProxy(urls.base().getPort());
                Browser browser = Page.open(viaProxy(proxy));
                PushClient other = PushClient.connect(urls)) {
            other.subscribe(topic);
            browser.byId("push-connect").click();
            awaitTransport(browser, "transport: SSE (fallback: WebSocket upgrade failed)");
            Page.subscribe(browser, topic);
            Page.awaitSubscribed(browser, topic);
            other.publish(topic, PushClient.read("1"));
            other.next("message");
            awaitMessage(browser, topic, 1);

            proxy.dropConnections();
            browser.await("the lost stream in the log", d -> logged(browser, "li[data-source='push']", "stream lost"));
            other.publish(topic, PushClient.read("2"));
            assertEquals(2, other.next("message").get("seq").asLong()); // stored before the page is back
            awaitMessage(browser, topic, 2);
            browser.await("the resumed subscription", d -> !d.findElements(
                    By.cssSelector("#log li.recovered[data-topic='" + topic + "']")).isEmpty());
            assertEquals(List.of("1", "2"), messageEntries(browser.driver(), topic).stream()
                    .map(TransportFallbackIT::data).toList(), "each once, in order");
            assertTrue(browser.driver().findElements(By.cssSelector("#log li[data-recovered='false']")).isEmpty(),
                    "no gap reported");
            Page.assertNoScriptErrors(browser);
        }
    }

    private static java.net.URL viaProxy(UpgradeBlockingProxy proxy) throws Exception {
        return java.net.URI.create("http://127.0.0.1:" + proxy.port() + AppUrls.CONTEXT_PATH).toURL();
    }

    private static void choose(Browser browser, String transport) {
        browser.driver().findElement(By.cssSelector("input[name='push-transport'][value='" + transport + "']")).click();
    }

    private static void awaitTransport(Browser browser, String text) {
        browser.await("the panel says " + text, d -> browser.byId("push-transport").getText().equals(text));
    }

    private static boolean logged(Browser browser, String css, String text) {
        return browser.driver().findElements(By.cssSelector("#log " + css)).stream()
                .anyMatch(entry -> entry.getText().contains(text));
    }

    private static List<WebElement> messageEntries(WebDriver driver, String topic) {
        return driver.findElements(By.cssSelector("#log li.message[data-topic='" + topic + "']:not(.collapsed)"));
    }

    private static WebElement awaitMessage(Browser browser, String topic, long seq) {
        return browser.await(topic + " seq " + seq + " in the log", d -> d.findElements(By.cssSelector(
                "#log li.message[data-topic='" + topic + "'][data-seq='" + seq + "']")).stream().findFirst().orElse(null));
    }

    private static String data(WebElement entry) {
        return entry.findElement(By.cssSelector(".data")).getText();
    }

    private static String freshTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
