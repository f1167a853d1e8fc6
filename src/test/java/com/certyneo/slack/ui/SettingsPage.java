package com.certyneo.slack.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.openqa.selenium.WebElement;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Browser;

/**
 * The test host page with the settings component, seen as a user sees it: by visible text, labels and roles inside
 * the component's shadow root. Every step can leave a screenshot under target/browser/.
 */
final class SettingsPage {

    private static final String ROOT = "const root = document.querySelector('certyneo-slack-settings').shadowRoot;";

    private final Browser browser;
    private final String name;
    private final AtomicInteger step = new AtomicInteger();

    SettingsPage(Browser browser, String name) {
        this.browser = browser;
        this.name = name;
    }

    /** Opens the host page for {@code account} as an integrations admin of it; waits for the component's heading. */
    SettingsPage open(URI base, String account, String locale, boolean interceptInstall) {
        return open(base, account, AdminTokens.admin(account), locale, interceptInstall);
    }

    /** As {@link #open(URI, String, String, boolean)}, the host's token provider answering {@code token}. */
    SettingsPage open(URI base, String account, String token, String locale, boolean interceptInstall) {
        String fragment = "account=" + account + "&token=" + enc(token)
                + (locale == null ? "" : "&locale=" + locale) + (interceptInstall ? "&intercept=1" : "");
        // a blank page first: the same page with another fragment would not load again
        browser.open("about:blank");
        browser.open(base.resolve("/test-host/slack-settings.html") + "#" + fragment);
        browser.await(d -> text().contains("Slack") && !text().contains("Loading") && !text().contains("Chargement…"));
        return this;
    }

    /** The component's visible text. */
    String text() {
        Object text = browser
                .script(ROOT + "const r = root && root.querySelector('.root'); return r ? r.innerText : '';");
        return text == null ? "" : (String) text;
    }

    /** Waits until the component shows {@code words}; fails naming what it shows instead. */
    SettingsPage shows(String words) {
        try {
            browser.await(d -> text().contains(words));
        } catch (org.openqa.selenium.TimeoutException e) {
            assertThat(text()).as("component text").contains(words);
        }
        return this;
    }

    /** The button whose visible text is {@code label}. */
    WebElement button(String label) {
        return browser.await(d -> (WebElement) browser.script(
                ROOT + "return [...root.querySelectorAll('button')].find(b => b.textContent.trim() === arguments[0]"
                        + " && !b.closest('dialog:not([open])')) || null;",
                label));
    }

    /** The form control labelled {@code label} (its label's text starts with it, or its aria-label equals it). */
    WebElement control(String label) {
        return browser.await(d -> (WebElement) browser.script(ROOT
                + "const l = [...root.querySelectorAll('label')].find(x => x.textContent.trim().startsWith(arguments[0]));"
                + "if (l) return l.control;"
                + "return root.querySelector('[aria-label=\"' + arguments[0] + '\"]');", label));
    }

    /** Elements matching {@code css} in the shadow root. */
    @SuppressWarnings("unchecked")
    java.util.List<WebElement> all(String css) {
        return (java.util.List<WebElement>) browser.script(ROOT + "return [...root.querySelectorAll(arguments[0])];",
                css);
    }

    WebElement host() {
        return browser.driver().findElement(org.openqa.selenium.By.cssSelector("certyneo-slack-settings"));
    }

    /** A screenshot of the page for this step: target/browser/{test}-{nn}-{what}.png */
    Path snap(String what) {
        return browser.screenshot(String.format("%s-%02d-%s", name, step.incrementAndGet(), what));
    }

    Browser browser() {
        return browser;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
