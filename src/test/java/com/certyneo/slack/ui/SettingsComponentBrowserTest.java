package com.certyneo.slack.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.Axe;
import com.certyneo.slack.testsupport.Browser;
import com.certyneo.slack.testsupport.Db;
import com.certyneo.slack.testsupport.Deliveries;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.FakeSlack.Channel;
import com.certyneo.slack.testsupport.Installations;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * SPEC section 11 in a real Chromium: the component served by the service, embedded by a host page exactly as the
 * dashboard would (attributes and a token provider answering an admin JWT), talking to the real admin API, which
 * talks to the fake Slack over HTTP. Each step leaves a screenshot under target/browser/; the README's pictures
 * (docs/img/) are taken here too.
 */
@QuarkusTest
class SettingsComponentBrowserTest {

    private static final String PREFIX = "acc_ui_";
    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    private final FakeSlack slack = FakeSlack.get();
    private SettingsPage page;
    private URI base;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void reset(TestInfo test) throws Exception {
        slack.reset();
        for (Map<String, Object> row : Db.query("select account_id from installation where account_id like ?",
                PREFIX + "%")) {
            Deliveries.clear((String) row.get("account_id"));
        }
        Db.update("delete from installation where account_id like ?", PREFIX + "%");
        base = root.toURI();
        browser.resize(1280, 900);
        page = new SettingsPage(browser, test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void showsTheConnectionAndItsHealthInWordsWithTheFix() {
        String acc = connected("health");
        Db.update("update installation set channel_id = 'C0SALES', channel_name = 'sales', health = 'needs_attention', "
                + "health_reason = 'not_in_channel' where account_id = ?", acc);
        page.open(base, acc, null, false)
                .shows("Connected to the " + FakeSlack.TEAM_NAME + " workspace since")
                .shows("Needs attention")
                .shows("Messages cannot be posted because @Certyneo is not a member of #sales.")
                .shows("Invite @Certyneo to #sales: type /invite @Certyneo in the channel.");
        page.snap("needs-attention");
        assertThat((Long) browser.script("return window.tokenCalls")).as("token asked per call").isPositive();
        assertThat((Object) browser.script("return window.localStorage.length + window.sessionStorage.length"))
                .as("nothing stored by the component").isEqualTo(0L);
    }

    @Test
    void picksAChannelByTypingPartOfItsNameAmongEveryPage() {
        String acc = connected("picker");
        List<Channel> channels = new ArrayList<>();
        channels.add(Channel.publicChannel("C0GENERAL", "general", true));
        channels.addAll(FakeSlack.manyChannels(250));
        // on the second page of conversations.list (200 a page)
        channels.add(230, Channel.publicChannel("C0LEGALCONTRACTS", "legal-contracts", false));
        slack.setChannels(channels);
        page.open(base, acc, null, false).shows("Messages are posted in #general.");

        WebElement combo = page.control("Slack channel for messages");
        assertThat(combo.getAttribute("role")).isEqualTo("combobox");
        combo.click();
        browser.press("channel-24");
        page.shows("11 channels match.");
        page.snap("typed-channel-24");
        assertThat(page.all("[role=option]")).hasSize(11);
        assertThat(combo.getAttribute("aria-expanded")).isEqualTo("true");

        browser.selectAll();
        browser.press("contr");
        page.shows("1 channel matches.");
        assertThat(page.all("[role=option]")).singleElement()
                .satisfies(o -> assertThat(o.getText()).contains("#legal-contracts").contains("bot not invited"));
        page.snap("typed-contr");
        browser.press(Keys.ENTER);
        page.shows("Saved: messages go to #legal-contracts. "
                + "Invite @Certyneo to #legal-contracts: type /invite @Certyneo in the channel.");
        page.snap("picked");

        assertThat(status(acc).getString("channel.id")).isEqualTo("C0LEGALCONTRACTS");
        // every page once, then searched in the browser only
        assertThat(slack.calls(FakeSlack.CONVERSATIONS_LIST)).hasSize(2);
    }

    @Test
    void untickingTwoEventsSavesEachChangeAndTheStatusAgrees() {
        String acc = connected("events");
        page.open(base, acc, null, false).shows("Working").shows("Messages are posted in #general.");
        page.control("Expired").click();
        page.control("Sent for signature").click();
        page.shows("Saved");
        browser.await(d -> status(acc).getList("events").size() == 3);
        assertThat(status(acc).getList("events", String.class))
                .containsExactly("envelope.completed", "envelope.declined", "recipient.signed");
        assertThat(page.control("Expired").isSelected()).isFalse();
        page.snap("two-unticked");
        // what the page shows after a reload is what was stored
        page.open(base, acc, null, false);
        assertThat(page.control("Sent for signature").isSelected()).isFalse();
        assertThat(page.control("Declined").isSelected()).isTrue();
    }

    @Test
    void sendsTheTestMessageAndSaysWhatSlackAnswered() {
        String acc = connected("test_ok");
        page.open(base, acc, null, false);
        page.button("Send test message").click();
        page.shows("Test message posted in #general.");
        page.snap("posted");
        assertThat(slack.postedMessages()).hasSize(1);

        // the bot is not in #random: Slack answers not_in_channel, the component says how to fix it
        String other = PREFIX + "test_refused";
        Installations.connected(other).channel("C0RANDOM", "random").insert();
        page.open(base, other, null, false);
        page.button("Send test message").click();
        page.shows("The test message was not posted: @Certyneo is not a member of #random: "
                + "type /invite @Certyneo in the channel.");
        page.shows("Needs attention").shows("Invite @Certyneo to #random: type /invite @Certyneo in the channel.");
        page.snap("refused");
    }

    @Test
    void changesLayoutMessageLanguageAndDigest() {
        String acc = connected("settings");
        page.open(base, acc, null, false);
        page.control("One thread per envelope").click();
        page.shows("Saved");
        new Select(page.control("Language of Slack messages")).selectByValue("fr");
        WebElement digest = page.control("Group bursts into one digest message");
        digest.click();
        WebElement after = page.control("From how many waiting messages");
        browser.await(d -> after.isEnabled());
        after.click();
        browser.selectAll();
        browser.press("200", Keys.TAB);
        page.shows("Enter a whole number from 3 to 100.");
        page.snap("out-of-range");
        after.click();
        browser.selectAll();
        browser.press("25", Keys.TAB);
        browser.await(d -> status(acc).getInt("settings.digest.after") == 25);
        page.shows("Saved");
        page.snap("saved");
        JsonPath settings = status(acc);
        assertThat(settings.getString("settings.layout")).isEqualTo("thread_per_envelope");
        assertThat(settings.getString("settings.locale")).isEqualTo("fr");
        assertThat(settings.getBoolean("settings.digest.enabled")).isTrue();
        // the screen's language is the host's, not the Slack messages' one
        assertThat(page.text()).contains("Language of Slack messages").doesNotContain("Langue");
    }

    @Test
    void listsRecentDeliveriesWithBadgesErrorsInWordsAndLoadMore() {
        String acc = connected("deliveries");
        for (int i = 1; i <= 25; i++) {
            Deliveries.add(acc, "evt_ui_deliveries_" + i, i % 2 == 0 ? "envelope.sent" : "recipient.signed",
                    i == 25 ? "failed" : i == 24 ? "cancelled" : i == 23 ? "queued" : "sent");
        }
        Db.update("update delivery set last_error = 'channel_not_found', attempts = 3 where event_id = ?",
                "evt_ui_deliveries_25");
        Db.update("update delivery set last_error = 'disconnected' where event_id = ?", "evt_ui_deliveries_24");
        page.open(base, acc, null, false);
        browser.await(d -> page.all("tbody tr").size() == 20);
        page.shows("Failed").shows("The channel no longer exists or the app cannot see it. Pick another channel.")
                .shows("3 attempts.").shows("Cancelled").shows("Queued").shows("Sent")
                .shows("Sent for signature").shows("One signer signed");
        page.snap("first-page");
        page.button("Load more").click();
        browser.await(d -> page.all("tbody tr").size() == 25);
        page.shows("5 more deliveries loaded.");
        assertThat(page.all("button").stream().filter(b -> b.getText().equals("Load more"))
                .filter(WebElement::isDisplayed)).isEmpty();
        page.snap("all-loaded");
    }

    @Test
    void disconnectsOnlyAfterConfirmation() {
        String acc = connected("disconnect");
        page.open(base, acc, null, false);
        page.button("Disconnect Slack…").click();
        page.shows("Disconnect Slack?");
        page.snap("confirmation");
        assertThat(browser.focusedDescription()).containsEntry("label", "Cancel");
        page.button("Cancel").click();
        assertThat(status(acc).getBoolean("connected")).isTrue();
        assertThat(slack.calls(FakeSlack.AUTH_REVOKE)).isEmpty();

        page.button("Disconnect Slack…").click();
        page.button("Disconnect").click();
        page.shows("Slack is not connected.");
        page.snap("disconnected");
        assertThat(status(acc).getBoolean("connected")).isFalse();
        assertThat(slack.calls(FakeSlack.AUTH_REVOKE)).hasSize(1);
        assertThat(browser.focusedDescription()).containsEntry("label", "Connect Slack");
    }

    @Test
    void connectGoesToSlacksInstallPageWithTheReturnUrl() {
        String acc = PREFIX + "connect";
        page.open(base, acc, null, true).shows("Slack is not connected.");
        page.button("Connect Slack").click();
        String installUrl = browser.await(d -> (String) browser.script("return window.installUrl || null"));
        // the service's own install page (PUBLIC_BASE_URL of the test profile), which sends the admin on to Slack
        assertThat(installUrl).startsWith("http://localhost:8081/slack/install?ticket=");
        // without the host intercepting it, the page itself goes there
        page.open(base, acc, null, false);
        page.button("Connect Slack").click();
        browser.await(d -> browser.currentUrl().startsWith("http://localhost:8081/slack/install?ticket="));
    }

    @Test
    void problemAnswersAreShownInWords() {
        String acc = connected("problem");
        page.open(base, acc, AdminTokens.expired(acc), null, false);
        page.shows(
                "The Slack settings could not be loaded: Your session has expired. Reload the page to sign in again.");
        page.snap("expired-token");
    }

    @Test
    void speaksFrenchWhenTheHostAsks() {
        String acc = connected("french");
        List<Channel> channels = new ArrayList<>(FakeSlack.manyChannels(250));
        channels.add(0, Channel.publicChannel("C0GENERAL", "general", true));
        channels.add(Channel.publicChannel("C0LEGALCONTRACTS", "legal-contracts", true));
        slack.setChannels(channels);
        Deliveries.add(acc, "evt_ui_french_1", "envelope.completed", "failed");
        Db.update("update delivery set last_error = 'is_archived', attempts = 2 where event_id = ?",
                "evt_ui_french_1");
        page.open(base, acc, "fr", false)
                .shows("Connexion").shows("Connecté à l’espace de travail " + FakeSlack.TEAM_NAME + " depuis le")
                .shows("Opérationnel").shows("Les messages sont publiés dans #general.")
                .shows("Événements qui publient un message Slack").shows("Signé par tous les signataires")
                .shows("Présentation des messages").shows("Langue des messages Slack")
                .shows("Derniers envois").shows("Échec").shows("Le canal est archivé. Choisissez un autre canal.")
                .shows("2 tentatives.").shows("Déconnecter Slack…");
        page.snap("fr");

        WebElement combo = page.control("Canal Slack des messages");
        combo.click();
        browser.press("channel-24");
        page.shows("11 canaux correspondent.");
        browser.selectAll();
        browser.press("contr");
        page.shows("1 canal correspond.");
        browser.press(Keys.ENTER);
        page.shows("Enregistré : les messages seront publiés dans #legal-contracts.");
        page.button("Envoyer un message de test").click();
        page.shows("Message de test publié dans #legal-contracts.");
        page.snap("fr-after-test");
        for (String english : List.of("Saved", "Channel", "Events", "Send test message", "Recent deliveries",
                "Failed", "attempts", "Connected", "Working")) {
            assertThat(page.text()).as("English left in the French screen").doesNotContain(english);
        }
        // every string exists in both languages, with the same parameters
        @SuppressWarnings("unchecked")
        List<String> gaps = (List<String>) browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/ui/certyneo-slack-settings.js').then(({STRINGS}) => {"
                + " const gaps = [];"
                + " const walk = (en, fr, path) => { for (const k of new Set([...Object.keys(en), ...Object.keys(fr)])) {"
                + "  const a = en[k], b = fr[k];"
                + "  if (typeof a !== typeof b) gaps.push(path + k);"
                + "  else if (typeof a === 'function' && a.length !== b.length) gaps.push(path + k + ' arity');"
                + "  else if (typeof a === 'object') walk(a, b, path + k + '.'); } };"
                + " walk(STRINGS.en, STRINGS.fr, ''); done(gaps); });");
        assertThat(gaps).isEmpty();
    }

    @Test
    void worksWithTheKeyboardAloneWithAVisibleFocus() {
        String acc = connected("keyboard");
        page.open(base, acc, null, false).shows("Messages are posted in #general.");
        List<String> visited = new ArrayList<>();

        tabTo("Slack channel for messages", visited);
        browser.press("rand");
        page.shows("1 channel matches.");
        browser.press(Keys.ARROW_DOWN);
        browser.press(Keys.ENTER);
        page.shows("Saved: messages go to #random.");

        browser.tab();
        assertThat(describeFocus(visited)).containsEntry("label", "Signed by every signer");
        browser.press(Keys.SPACE);
        browser.await(d -> status(acc).getList("events").size() == 4);
        page.shows("Saved");

        tabTo("Send test message", visited);
        browser.press(Keys.ENTER);
        page.shows("The test message was not posted");

        tabTo("Disconnect Slack…", visited);
        browser.press(Keys.ENTER);
        page.shows("Disconnect Slack?");
        assertThat(describeFocus(visited)).containsEntry("label", "Cancel");
        browser.tab();
        assertThat(describeFocus(visited)).containsEntry("label", "Disconnect");
        page.snap("confirm-by-keyboard");
        browser.press(Keys.SPACE);
        page.shows("Slack is not connected.");
        assertThat(describeFocus(visited)).containsEntry("label", "Connect Slack");
        assertThat(status(acc).getBoolean("connected")).isFalse();
        System.out.println("keyboard path: " + visited);
    }

    @Test
    void hasNoSeriousOrCriticalAccessibilityViolationsInEnglishAndFrench() {
        String acc = connected("axe");
        Deliveries.add(acc, "evt_ui_axe_1", "envelope.declined", "failed");
        Db.update("update delivery set last_error = 'not_in_channel' where event_id = ?", "evt_ui_axe_1");
        Deliveries.add(acc, "evt_ui_axe_2", "envelope.sent", "sent");
        List<Axe.Violation> found = new ArrayList<>();
        for (String locale : List.of("en", "fr")) {
            page.open(base, acc, locale, false);
            browser.await(d -> page.all("tbody tr").size() == 2);
            found.addAll(Axe.run(browser));
            // the channel list open
            page.control(locale.equals("fr") ? "Canal Slack des messages" : "Slack channel for messages").click();
            browser.press("gen");
            browser.await(d -> !page.all("[role=option]").isEmpty());
            found.addAll(Axe.run(browser));
            // the confirmation dialog open
            page.button(locale.equals("fr") ? "Déconnecter Slack…" : "Disconnect Slack…").click();
            found.addAll(Axe.run(browser));
            page.snap("axe-" + locale);
        }
        found.forEach(v -> System.out.println("axe: " + v));
        assertThat(found).filteredOn(Axe.Violation::seriousOrCritical).isEmpty();
    }

    @Test
    void screenshotsForTheReadme() {
        String acc = connected("readme");
        String[][] rows = {{"envelope.completed", "sent"}, {"recipient.signed", "sent"},
                {"envelope.declined", "failed"}, {"envelope.sent", "sent"}};
        for (int i = 0; i < rows.length; i++) {
            Deliveries.add(acc, "evt_ui_readme_" + i, rows[i][0], rows[i][1]);
        }
        Db.update("update delivery set last_error = 'not_in_channel', attempts = 1 where event_id = ?",
                "evt_ui_readme_2");
        browser.resize(1100, 2600);
        for (String locale : List.of("en", "fr")) {
            page.open(base, acc, locale, false);
            browser.await(d -> page.all("tbody tr").size() == rows.length);
            Path shot = browser.screenshot(page.host(),
                    Path.of("docs", "img", "settings-component-" + locale + ".png"));
            assertThat(shot).exists();
        }
    }

    // ------------------------------------------------------------------ helpers

    private String connected(String name) {
        String acc = PREFIX + name;
        Installations.connected(acc).insert();
        return acc;
    }

    private static JsonPath status(String acc) {
        return given().auth().oauth2(AdminTokens.admin(acc)).when().get("/api/v1/accounts/{acc}/slack", acc).then()
                .statusCode(200).extract().jsonPath();
    }

    /** Presses Tab until the control labelled {@code label} has the focus (at most 40 times). */
    private void tabTo(String label, List<String> visited) {
        for (int i = 0; i < 40; i++) {
            browser.tab();
            if (label.equals(describeFocus(visited).get("label"))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + label + "; visited " + visited);
    }

    /** The focused element, checked to have a name and a visible focus indicator. */
    private Map<String, Object> describeFocus(List<String> visited) {
        Map<String, Object> focus = browser.focusedDescription();
        visited.add(focus.get("tag") + "[" + focus.get("label") + "]");
        if (!"body".equals(focus.get("tag"))) {
            assertThat((String) focus.get("label")).as("accessible name of %s", focus).isNotBlank();
            String outline = (String) browser.script("const s = getComputedStyle(arguments[0]);"
                    + "return s.outlineStyle + ' ' + s.outlineWidth;", browser.focused());
            assertThat(outline).as("focus indicator of %s", focus).doesNotStartWith("none").doesNotEndWith(" 0px");
        }
        return focus;
    }
}
