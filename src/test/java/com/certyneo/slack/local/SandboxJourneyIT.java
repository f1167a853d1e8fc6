package com.certyneo.slack.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.certyneo.slack.testsupport.AppProcess;
import com.certyneo.slack.testsupport.Browser;

/**
 * What a newcomer does after the README's run command, in a real browser against the real process (the built jar,
 * profile local: the sandbox exists only there, decided at run time, so this is the configuration people run; a
 * {@code @QuarkusTest} would run the test profile with its own fakes instead). Connect Slack through the stand-in's
 * authorize page, pick a channel by typing among 200+, untick two events, send a test message (keyboard only), fire
 * the five sample events, see exactly the three ticked ones in the sandbox channel with their colours and buttons,
 * Re-send the expired one and see the reply, read the audit trail, switch the messages to French, disconnect.
 * A screenshot of each step goes to target/journey/, the channel's to docs/img/sandbox-slack-channel.png.
 */
class SandboxJourneyIT {

    private static final Path SHOTS = Path.of("target", "journey");
    private static final String CHANNEL = "C0SBXCONTRACT";
    private static final String COMPONENT = "document.querySelector('certyneo-slack-settings')";

    private Browser browser;
    private String base;

    @Test
    void aNewcomerConnectsSlackPicksAChannelAndSeesTheTickedEventsArrive() throws Exception {
        assumeFalse(AppProcess.isNative(), "the native/production build has no sandbox, by design");
        Browser.requireChromium();
        // closed in reverse: SIGTERM first, so that the process stops its embedded PostgreSQL (a SIGKILL leaves it)
        try (AppProcess app = AppProcess.start(Map.of(), "-Dquarkus.profile=local");
                Browser started = Browser.start();
                AutoCloseable graceful = () -> app.stop(Duration.ofSeconds(30))) {
            app.awaitReady(Duration.ofSeconds(180));
            browser = started;
            base = "http://localhost:" + app.port();

            // 1. the settings page, not connected
            browser.open(base + "/");
            awaitText("Slack is not connected");
            shot("01-settings-not-connected");

            // 2. Connect Slack → the stand-in's authorize page → Allow → back, connected
            button("Connect Slack").click();
            WebElement allow = browser.await(d -> d.findElement(By.id("allow")));
            assertThat(browser.driver().findElement(By.id("scopes")).getText()).contains("chat:write")
                    .contains("channels:read");
            assertThat(browser.driver().findElement(By.id("workspace")).getText()).isEqualTo("Acme Sandbox");
            shot("02-slack-authorize");
            allow.click();
            browser.await(d -> d.getCurrentUrl().startsWith(base + "/?slack=connected"));
            awaitText("Connected to the Acme Sandbox workspace");
            shot("03-connected");

            // 3–5, keyboard only: pick a channel by typing, untick two events, send a test message
            tabTo(f -> "combobox".equals(f.get("role")));
            browser.press("contr");
            awaitText("1 channel matches.");
            shot("04-channel-search");
            browser.press(Keys.ENTER);
            awaitText("Saved: messages go to #contracts.");
            tabTo(f -> "checkbox".equals(f.get("type")) && "Sent for signature".equals(f.get("label")));
            browser.press(Keys.SPACE);
            browser.await(d -> checkedEvents().size() == 4);
            tabTo(f -> "checkbox".equals(f.get("type")) && "One signer signed".equals(f.get("label")));
            browser.press(Keys.SPACE);
            browser.await(d -> checkedEvents().size() == 3);
            scrollComponentTo("input[name=event]");
            shot("05-events-ticked");
            tabTo(f -> "button".equals(f.get("tag")) && "Send test message".equals(f.get("label")));
            browser.press(Keys.ENTER);
            awaitText("Test message posted in #contracts.");
            shot("06-test-message");
            assertThat(checkedEvents()).containsExactly("envelope.completed", "envelope.declined", "envelope.expired");

            // 6. the Certyneo stand-in fires the five sample events
            browser.open(base + "/sandbox/certyneo");
            for (String type : List.of("envelope.completed", "envelope.declined", "envelope.expired", "envelope.sent",
                    "recipient.signed")) {
                String id = type.replace('.', '-');
                browser.await(d -> d.findElement(By.id("send-" + id))).click();
                browser.await(d -> d.findElement(By.id("result-" + id)).getText().startsWith("HTTP"));
            }
            assertThat(resultOf("envelope-expired")).startsWith("HTTP 202");
            assertThat(resultOf("envelope-sent")).startsWith("HTTP 200").contains("ignored");
            assertThat(resultOf("recipient-signed")).startsWith("HTTP 200").contains("ignored");
            shot("07-certyneo-samples");

            // 7. exactly the three ticked ones in the channel, with their colours and buttons
            browser.open(base + "/sandbox/slack#" + CHANNEL);
            browser.await(d -> documentColours().size() == 3);
            assertThat(documentColours()).containsExactly("#2EB67D", "#E01E5A", "#ECB22E");
            assertThat(channelText()).contains("Download the eIDAS proof PDF").contains("Open envelope")
                    .contains("Re-send").doesNotContain("sent to").doesNotContain("just signed");
            Path channelShot = shot("08-slack-channel");
            Files.createDirectories(Path.of("docs", "img"));
            Files.copy(channelShot, Path.of("docs", "img", "sandbox-slack-channel.png"),
                    StandardCopyOption.REPLACE_EXISTING);

            // 8. Re-send on the expired envelope: the reply comes back in its thread
            browser.await(d -> d.findElement(By.cssSelector("button.sl-button[data-action-id='envelope.resend']")))
                    .click();
            browser.await(d -> d.findElement(By.cssSelector(".thread")).getText().contains("Re-sent by @you"));
            shot("09-resend-reply");

            // 9. the audit trail
            browser.open(base + "/");
            browser.await(d -> auditStatuses().size() >= 3);
            assertThat(auditStatuses()).contains("Sent");
            scrollComponentTo(".deliveries");
            shot("10-audit-trail");

            // 10. messages in French from now on
            WebElement locale = (WebElement) browser
                    .script("return " + COMPONENT + ".shadowRoot.querySelector('select');");
            new Select(locale).selectByValue("fr");
            SandboxHttp http = new SandboxHttp(app.port());
            browser.await(d -> SandboxHttp.json(http.get("/api/v1/accounts/acc_sandbox/slack", "Authorization",
                    "Bearer " + http.get("/sandbox/token").body())).path("settings").path("locale").asText()
                    .equals("fr"));
            browser.open(base + "/sandbox/certyneo");
            browser.await(d -> d.findElement(By.id("send-envelope-completed"))).click();
            browser.await(d -> d.findElement(By.id("result-envelope-completed")).getText().startsWith("HTTP 202"));
            browser.open(base + "/sandbox/slack#" + CHANNEL);
            browser.await(d -> documentColours().size() == 4);
            browser.script("document.querySelector('#messages > li.message:last-child').scrollIntoView();");
            shot("11-french-message");
            if (Files.isDirectory(Path.of("src/test/resources/golden/fr"))) {
                assertThat(lastMessageText()).contains("Document").contains("signé par tous les signataires");
            } else {
                System.out.println("NOT CHECKED: the French text of the message (« Document … signé par tous les "
                        + "signataires ») needs the French renderer, which is not in this build yet");
            }
            browser.open(base + "/?lang=fr");
            awaitText("Connecté à l’espace de travail Acme Sandbox");
            shot("12-settings-in-french");

            // 11. disconnect
            browser.open(base + "/");
            button("Disconnect Slack…").click();
            button("Disconnect").click();
            awaitText("Slack is not connected");
            shot("13-disconnected");
            assertThat(browser.consoleErrors()).noneMatch(e -> !e.contains("favicon"));
        }
    }

    private Path shot(String name) {
        return browser.screenshot(SHOTS.resolve(name + ".png"));
    }

    private void scrollComponentTo(String css) {
        browser.script(COMPONENT + ".shadowRoot.querySelector(arguments[0]).scrollIntoView({block: 'start'});", css);
    }

    private String componentText() {
        Object text = browser.script("const c = " + COMPONENT + "; const r = c && c.shadowRoot "
                + "&& c.shadowRoot.querySelector('.root'); return r ? r.innerText : '';");
        return text == null ? "" : text.toString();
    }

    private void awaitText(String text) {
        try {
            browser.await(d -> componentText().contains(text));
        } catch (RuntimeException e) {
            throw new AssertionError("the settings component never showed \"" + text + "\"; it shows:\n"
                    + componentText(), e);
        }
    }

    private WebElement button(String label) {
        return browser.await(d -> (WebElement) browser.script("for (const b of " + COMPONENT
                + ".shadowRoot.querySelectorAll('button')) { if (b.textContent.trim() === arguments[0] "
                + "&& b.offsetParent !== null) return b; } return null;", label));
    }

    /** Tab (at most 80 times) until the focused element, through shadow roots, matches. */
    private void tabTo(Predicate<Map<String, Object>> wanted) {
        for (int i = 0; i < 80; i++) {
            browser.tab();
            if (wanted.test(browser.focusedDescription())) {
                return;
            }
        }
        throw new AssertionError("Tab never reached the wanted control; last: " + browser.focusedDescription());
    }

    @SuppressWarnings("unchecked")
    private List<String> checkedEvents() {
        return (List<String>) browser.script("return Array.from(" + COMPONENT
                + ".shadowRoot.querySelectorAll('input[name=event]')).filter(b => b.checked).map(b => b.value);");
    }

    private String resultOf(String id) {
        return browser.driver().findElement(By.id("result-" + id)).getText();
    }

    /** Colour bars of the channel's envelope messages (top level, test message left out), oldest first. */
    @SuppressWarnings("unchecked")
    private List<String> documentColours() {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll('#messages > li.message'))"
                + ".filter(m => m.querySelector('.message-body').textContent.includes('Document'))"
                + ".map(m => m.querySelector('.message-body .attachment'))"
                + ".filter(a => a).map(a => a.dataset.color.toUpperCase());");
    }

    private String channelText() {
        return browser.driver().findElement(By.id("messages")).getText();
    }

    private String lastMessageText() {
        List<WebElement> messages = browser.driver().findElements(By.cssSelector("#messages > li.message"));
        return messages.get(messages.size() - 1).getText();
    }

    @SuppressWarnings("unchecked")
    private List<String> auditStatuses() {
        return (List<String>) browser.script("const c = " + COMPONENT + "; if (!c || !c.shadowRoot) return [];"
                + "return Array.from(c.shadowRoot.querySelectorAll('.deliveries tbody tr .badge'))"
                + ".map(b => b.textContent.trim());");
    }
}
