package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Browser;
import java.net.URL;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The client page as a person uses it: the steps the browser tests of this package share. */
final class Page {

    private Page() {
    }

    /** A fresh Chromium on the page of the deployment at {@code base}. */
    static Browser open(URL base) {
        Browser browser = Browser.start();
        browser.open(AppUrls.of(base).http("").toString());
        return browser;
    }

    static void echoConnect(Browser browser) {
        browser.byId("connect").click();
        browser.await("readyState OPEN", d -> browser.byId("ready-state").getText().contains("1 OPEN"));
    }

    /** Types {@code text}, sends it with Enter, and waits for its echo in the log. */
    static void echo(Browser browser, String text) {
        WebElement message = browser.byId("message");
        message.clear();
        message.sendKeys(text, Keys.ENTER);
        awaitReceivedText(browser, text);
    }

    static void awaitReceivedText(Browser browser, String text) {
        browser.await("received text: " + text, d -> d.findElements(By.cssSelector("#log li.message .data"))
                .stream().anyMatch(data -> data.getText().equals(text)));
    }

    static boolean logAtBottom(Browser browser) {
        Object distance = browser.script(
                "const log = document.getElementById('log'); return log.scrollHeight - log.scrollTop - log.clientHeight;");
        return ((Number) distance).doubleValue() < 24;
    }

    /** Presses the push panel's Connect and waits for connection number {@code connection} to be open. */
    static void pushConnect(Browser browser, int connection) {
        browser.byId("push-connect").click();
        pushConnected(browser, connection);
    }

    static void pushConnected(Browser browser, int connection) {
        browser.await("push connection #" + connection + " OPEN", d -> {
            WebElement state = browser.byId("push-state");
            return state.getText().equals("OPEN (#" + connection + ")")
                    && String.valueOf(connection).equals(state.getAttribute("data-connection"));
        });
    }

    static void type(Browser browser, String field, String text) {
        WebElement element = browser.byId(field);
        element.clear();
        element.sendKeys(text);
    }

    static void subscribe(Browser browser, String topic) {
        type(browser, "push-topic", topic);
        browser.byId("push-subscribe").click();
    }

    static WebElement awaitSubscribed(Browser browser, String topic) {
        return browser.await(topic + " subscribed", d -> {
            WebElement item = item(d, topic);
            return item != null && "subscribed".equals(item.getAttribute("data-state")) ? item : null;
        });
    }

    /** The topic's item in the list of subscriptions, or null. */
    static WebElement item(WebDriver driver, String topic) {
        return driver.findElements(By.cssSelector("#push-subscriptions li[data-topic='" + topic + "']"))
                .stream().findFirst().orElse(null);
    }

    /** Fills the publish box (pasted, not typed: a value may be long) and presses Publish. */
    static void publish(Browser browser, String topic, String json) {
        type(browser, "push-publish-topic", topic);
        browser.script("arguments[0].value = arguments[1];", browser.byId("push-data"), json);
        browser.byId("push-publish").click();
    }

    /** Log entries that are shown (not hidden by a filter), matching {@code css} within the log. */
    static List<WebElement> shownEntries(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector("#log li" + css)).stream().filter(WebElement::isDisplayed).toList();
    }

    /** Every listener of the page runs through a guard that logs what it throws: nothing may have been. */
    static void assertNoScriptErrors(Browser browser) {
        List<String> errors = browser.driver().findElements(By.cssSelector("#log li[data-script-error]")).stream()
                .map(WebElement::getText).toList();
        assertTrue(errors.isEmpty(), "script errors in the page: " + errors);
    }
}
