package com.certyneo.slack.installation;

import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.CryptoConfig;
import com.certyneo.slack.crypto.EncryptedToken;
import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.crypto.TokenDecryptionException;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Moves every stored bot token to the first configured key (key rotation, SPEC section 8).
 * <p>
 * Runs once at startup (unless {@code crypto.re-encryption.at-startup=false}) without delaying it,
 * and can be called at any time through {@link #reEncryptAll()}. Each row is rewritten with a
 * compare-and-set ({@link InstallationRepository#replaceToken}), so replicas running it at the same time, or a
 * reinstall writing a fresh token meanwhile, never lose or double-move a token. Rows that cannot
 * be opened (key no longer configured) are left untouched and logged by installation id.
 */
@ApplicationScoped
public class TokenReEncryption {

    private static final Logger LOG = Logger.getLogger(TokenReEncryption.class);

    private final InstallationRepository installations;
    private final TokenCipher cipher;
    private final CryptoConfig config;

    public TokenReEncryption(InstallationRepository installations, TokenCipher cipher, CryptoConfig config) {
        this.installations = installations;
        this.cipher = cipher;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.reEncryption().atStartup() || cipher.keyIds().isEmpty()) {
            return;
        }
        reEncryptAll().subscribe().with(
                moved -> {
                    if (moved > 0) {
                        LOG.infof("re-encrypted %d bot token(s) with key id '%s'", moved, cipher.currentKeyId());
                    }
                },
                failure -> LOG.warnf("token re-encryption at startup did not run: %s",
                        failure.getClass().getSimpleName()));
    }

    /** @return the number of installation rows moved to the first key */
    public Uni<Integer> reEncryptAll() {
        return installations.tokensNotUnder(cipher.currentKeyId()).onItem().transformToUniAndConcatenate(this::move)
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> move(SlackTokenRevoker.Sealed old) {
        EncryptedToken fresh;
        try {
            fresh = cipher.encrypt(old.id(), cipher.decrypt(old.id(), old.keyId(), old.ciphertext()));
        } catch (TokenDecryptionException e) {
            LOG.warnf("token re-encryption skipped a row: %s", e.getMessage());
            return Uni.createFrom().item(0);
        }
        return installations.replaceToken(old, fresh);
    }
}
