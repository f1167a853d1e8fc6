package com.certyneo.slack.installation;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.slackapi.OAuthAccess;
import com.certyneo.slack.slackapi.SlackClient;

import io.smallrye.mutiny.Uni;

/**
 * The end of the OAuth dance: exchanges the code with oauth.v2.access, seals the bot token and stores the
 * installation ({@link InstallationRepository#install}). Nothing is stored unless Slack granted a bot token with the
 * two scopes.
 */
@ApplicationScoped
public class OAuthInstaller {

    private static final Logger LOG = Logger.getLogger(OAuthInstaller.class);
    static final Set<String> REQUIRED_SCOPES = Set.of("chat:write", "channels:read");
    private static final Pattern SLACK_CODE = Pattern.compile("[a-z0-9_]{1,60}");

    /** {@code reason} is null when connected, else a short code for {@code ?slack=error&reason=}. */
    public record Outcome(String reason) {
        static Outcome connected() {
            return new Outcome(null);
        }

        public boolean isConnected() {
            return reason == null;
        }
    }

    private final SlackClient slack;
    private final TokenCipher cipher;
    private final InstallationRepository installations;
    private final SlackTokenRevoker revoker;

    public OAuthInstaller(SlackClient slack, TokenCipher cipher, InstallationRepository installations,
            SlackTokenRevoker revoker) {
        this.slack = slack;
        this.cipher = cipher;
        this.installations = installations;
        this.revoker = revoker;
    }

    public Uni<Outcome> complete(String accountId, String code, String redirectUri) {
        return slack.oauthV2Access(code, redirectUri).flatMap(result -> {
            if (!result.isOk()) {
                String reason = result.errorCode().filter(c -> SLACK_CODE.matcher(c).matches())
                        .orElse("slack_unavailable");
                LOG.infof("Slack install for account %s failed at oauth.v2.access: %s", accountId, result.describe());
                return Uni.createFrom().item(new Outcome(reason));
            }
            OAuthAccess access = result.value();
            String problem = check(access);
            if (problem != null) {
                LOG.infof("Slack install for account %s refused: %s", accountId, problem);
                // a token we will not keep must not stay alive at Slack
                Uni<?> revoke = access.accessToken() == null || access.accessToken().isBlank()
                        ? Uni.createFrom().voidItem()
                        : slack.authRevoke(access.accessToken());
                return revoke.replaceWith(new Outcome(problem));
            }
            return installations.install(accountId, access, id -> cipher.encrypt(id, access.accessToken()))
                    .flatMap(stored -> {
                        LOG.infof("Account %s connected Slack workspace %s (installation %s)", accountId,
                                access.teamId(),
                                stored.id());
                        // the old workspace's token is no longer ours to use: it must not stay live at Slack either
                        return revoker.revoke(stored.replaced(), "reinstalled into another Slack workspace")
                                .replaceWith(Outcome.connected());
                    });
        });
    }

    private static String check(OAuthAccess access) {
        if (access.accessToken() == null || access.accessToken().isBlank() || access.teamId() == null) {
            return "no_bot_token";
        }
        Set<String> granted = access.scope() == null
                ? Set.of()
                : Arrays.stream(access.scope().split(",")).map(String::trim).collect(Collectors.toSet());
        return granted.containsAll(REQUIRED_SCOPES) ? null : "missing_scopes";
    }
}
