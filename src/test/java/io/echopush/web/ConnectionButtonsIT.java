package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.Browser;
import io.echopush.testing.BuiltWarTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The connection buttons say what they will do: Connect, then Reconnect and Disconnect (echo), Disconnect (push). */
class ConnectionButtonsIT extends BuiltWarTest {

    @Test
    void echoConnectBecomesReconnectAndDisconnectClosesNormally() throws Exception {
        try (Browser browser = Page.open(base)) {
            assertEquals("Connect", browser.byId("connect").getText());
            assertFalse(browser.byId("disconnect").isEnabled(), "nothing to disconnect");
            Page.echoConnect(browser);
            assertEquals("Reconnect", browser.byId("connect").getText());
            assertTrue(browser.byId("disconnect").isEnabled());

            browser.byId("connect").click(); // Reconnect: the first connection closes normally, a second opens
            browser.await("connection #2 open", d -> !d.findElements(By.xpath(
                    "//ol[@id='log-entries']/li[@data-kind='open'][contains(., 'connection #2 open')]")).isEmpty());
            browser.await("#1 closed with 1000", d -> d.findElements(By.cssSelector("#log li.close[data-code='1000']"))
                    .stream().anyMatch(li -> li.getText().contains("connection #1 closed")));

            browser.byId("disconnect").click();
            browser.await("CLOSED", d -> browser.byId("ready-state").getText().equals("3 CLOSED"));
            assertEquals("Connect", browser.byId("connect").getText());
            assertFalse(browser.byId("disconnect").isEnabled());
            assertTrue(browser.driver().findElements(By.cssSelector("#log li.close[data-code='1000']")).stream()
                    .anyMatch(li -> li.getText().contains("connection #2 closed")), "#2 closed normally");
            Page.assertNoScriptErrors(browser);
        }
    }

    @Test
    void pushConnectBecomesDisconnectAndBack() throws Exception {
        try (Browser browser = Page.open(base)) {
            assertEquals("Connect", browser.byId("push-connect").getText());
            Page.pushConnect(browser, 1);
            assertEquals("Disconnect", browser.byId("push-connect").getText());
            assertTrue(browser.byId("push-publish").isEnabled(), "publish while connected");

            browser.byId("push-connect").click();
            browser.await("push CLOSED", d -> "CLOSED".equals(browser.byId("push-state").getAttribute("data-state")));
            assertEquals("Connect", browser.byId("push-connect").getText());
            assertFalse(browser.byId("push-publish").isEnabled(), "no publish while disconnected");
            browser.await("no reconnect after Disconnect", d -> d.findElements(By.cssSelector(
                    "#log li.close[data-source='push'][data-code='1000']")).size() == 1);
            assertTrue(browser.driver().findElements(By.cssSelector("#log li[data-reconnect-attempt]")).isEmpty());

            Page.pushConnect(browser, 2);
            assertEquals("Disconnect", browser.byId("push-connect").getText());
            Page.assertNoScriptErrors(browser);
        }
    }
}
