package com.certyneo.slack.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.Axe;
import com.certyneo.slack.testsupport.Browser;

/**
 * The harness itself: Chromium starts headless from the Debian paths, sees into shadow roots, follows the focus
 * through them, takes screenshots and runs axe-core.
 */
class BrowserHarnessTest {

    private static final String PAGE = "<!doctype html><html lang=en><head><title>harness</title></head><body>"
            + "<main><h1>Harness</h1><x-box></x-box><button id=after>After</button></main><script>"
            + "customElements.define('x-box', class extends HTMLElement { constructor() { super();"
            + " this.attachShadow({mode: 'open'}).innerHTML = '<label>Name <input id=name></label>'; } });"
            + "</script></body></html>";

    @Test
    void drivesHeadlessChromiumThroughShadowRootsWithTheKeyboard() {
        try (Browser browser = Browser.start()) {
            browser.open("data:text/html;charset=utf-8," + URLEncoder.encode(PAGE, StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            browser.find(browser.shadowRoot("x-box"), "#name").sendKeys("typed");
            assertThat(browser.focusedDescription()).containsEntry("id", "name").containsEntry("label", "Name");
            browser.tab();
            assertThat(browser.focusedDescription()).containsEntry("id", "after");

            Path shot = browser.screenshot("harness");
            assertThat(shot).exists();
            assertThat(Files.isRegularFile(shot)).isTrue();

            assertThat(Axe.run(browser)).filteredOn(Axe.Violation::seriousOrCritical).isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void axeFindsAnUnlabelledControl() {
        try (Browser browser = Browser.start()) {
            browser.open("data:text/html;charset=utf-8," + URLEncoder.encode(
                    "<!doctype html><html lang=en><head><title>t</title></head><body><main><input></main></body></html>",
                    StandardCharsets.UTF_8).replace("+", "%20"));
            assertThat(Axe.run(browser)).extracting(Axe.Violation::id).contains("label");
        }
    }
}
