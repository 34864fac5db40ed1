package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.Browser;
import io.echopush.testing.BuiltWarTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The event log in Chromium: it follows, pauses, filters by panel and kind, searches, copies, jumps to the latest. */
class EventLogIT extends BuiltWarTest {

    /**
     * The log follows new entries, also after one that is many lines tall and truncated (it once stopped following
     * there), unless the reader scrolled up: then "jump to latest" counts what came and takes them back down.
     */
    @Test
    void theLogFollowsUnlessTheReaderScrolledUpAndJumpToLatestTakesThemBack() throws Exception {
        try (Browser browser = Page.open(base)) {
            Page.echoConnect(browser);
            String tall = ("a line of a tall message\n").repeat(500); // 12,500 characters: shown truncated
            browser.script("document.getElementById('message').value = arguments[0];", tall);
            browser.byId("send").click();
            browser.await("the tall echo, truncated", d -> d.findElements(By.cssSelector("#log li.message .note"))
                    .stream().anyMatch(note -> note.getText().contains("more characters not shown")));
            Page.echo(browser, "after-1");
            assertTrue(Page.logAtBottom(browser), "following after a tall entry");
            assertFalse(browser.byId("log-jump").isDisplayed(), "no jump button while following");

            browser.script("document.getElementById('log').scrollTop = 0;");
            Page.echo(browser, "after-2");
            assertFalse(Page.logAtBottom(browser), "the reader scrolled up: the log stays where they read");
            WebElement jump = browser.await("the jump button", d -> browser.byId("log-jump").isDisplayed()
                    && browser.byId("log-jump").getText().contains("new)") ? browser.byId("log-jump") : null);
            assertEquals("2", jump.getAttribute("data-unseen"), "what was sent and its echo: " + jump.getText());

            jump.click();
            browser.await("back at the latest", d -> Page.logAtBottom(browser) && !browser.byId("log-jump").isDisplayed());
            Page.echo(browser, "after-3");
            assertTrue(Page.logAtBottom(browser), "following again");
            Page.assertNoScriptErrors(browser);
        }
    }

    /** Pause holds new entries back (the log does not move while read); Resume adds them, in order. */
    @Test
    void pauseHoldsNewEntriesUntilResume() throws Exception {
        try (Browser browser = Page.open(base)) {
            Page.echoConnect(browser);
            Page.echo(browser, "before");
            int before = entries(browser).size();
            browser.byId("log-pause").click();
            assertEquals("true", browser.byId("log-pause").getAttribute("aria-pressed"));
            for (String text : List.of("held-1", "held-2")) {
                Page.type(browser, "message", text);
                browser.byId("send").click();
            }
            browser.await("two sent and two echoes held", d -> browser.byId("log-pause").getText().equals("Resume (4)"));
            assertEquals(before, entries(browser).size(), "nothing was added while paused");
            assertTrue(browser.byId("log-counts").getText().contains("paused, 4 held"), browser.byId("log-counts").getText());

            browser.byId("log-pause").click();
            assertEquals("false", browser.byId("log-pause").getAttribute("aria-pressed"));
            List<String> added = entries(browser).subList(before, before + 4).stream()
                    .map(li -> li.getAttribute("data-kind") + " " + li.findElement(By.cssSelector(".data")).getText())
                    .toList();
            assertEquals(List.of("message held-1", "message held-2", "sent held-1", "sent held-2"),
                    added.stream().sorted().toList(), "all four, once: " + added);
            assertTrue(added.indexOf("sent held-1") < added.indexOf("message held-1")
                    && added.indexOf("message held-1") < added.indexOf("message held-2"), "in the order they came: " + added);
            assertEquals("Pause", browser.byId("log-pause").getText());
            Page.assertNoScriptErrors(browser);
        }
    }

    /** Panel and kind filters and the search hide entries without losing them; Copy copies what is shown. */
    @Test
    void filtersAndSearchChooseWhatIsShownAndCopied() throws Exception {
        try (Browser browser = Page.open(base)) {
            Page.echoConnect(browser);
            Page.pushConnect(browser, 1);
            Page.echo(browser, "apple");
            Page.echo(browser, "banana");

            filter(browser, "input[data-log-source='push']");
            browser.await("push entries hidden", d -> Page.shownEntries(d, "[data-source='push']").isEmpty());
            assertFalse(Page.shownEntries(browser.driver(), "[data-source='echo']").isEmpty(), "echo entries stay");
            filter(browser, "input[data-log-kinds='sent']");
            browser.await("sent entries hidden", d -> Page.shownEntries(d, ".sent").isEmpty());
            assertFalse(Page.shownEntries(browser.driver(), ".message").isEmpty(), "received entries stay");

            Page.type(browser, "log-search", "BANANA");
            List<WebElement> found = browser.await("only the banana echo",
                    d -> Page.shownEntries(d, "").size() == 1 ? Page.shownEntries(d, "") : null);
            assertEquals("banana", found.get(0).findElement(By.cssSelector(".data")).getText());
            assertTrue(browser.byId("log-counts").getText().matches("1 of \\d+ entries shown"),
                    browser.byId("log-counts").getText());

            // The clipboard is the browser's; the page's call to it is what is checked.
            browser.script("window.__copied = null; navigator.clipboard.writeText = async (text) => { window.__copied = text; };");
            browser.byId("log-copy").click();
            String copied = browser.await("copied", d -> (String) browser.script("return window.__copied;"));
            assertEquals(1, copied.lines().filter(line -> !line.isBlank()).filter(line -> line.contains("message")).count(),
                    copied);
            assertTrue(copied.contains("banana") && !copied.contains("apple"), copied);
            assertEquals("copied the 2 line(s) shown", browser.byId("log-copy").getAttribute("data-result"));

            Page.type(browser, "log-search", "");
            filter(browser, "input[data-log-source='push']");
            filter(browser, "input[data-log-kinds='sent']");
            browser.await("everything shown again", d -> Page.shownEntries(d, "").size() == entries(browser).size());
            Page.assertNoScriptErrors(browser);
        }
    }


    private static void filter(Browser browser, String checkbox) {
        browser.driver().findElement(By.cssSelector(checkbox)).click();
    }

    private static List<WebElement> entries(Browser browser) {
        return browser.driver().findElements(By.cssSelector("#log li"));
    }
}
