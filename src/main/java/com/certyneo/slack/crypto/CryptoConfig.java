package com.certyneo.slack.crypto;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Secrets at rest: {@code crypto.*} (env {@code TOKEN_ENCRYPTION_KEYS}). */
@ConfigMapping(prefix = "crypto")
public interface CryptoConfig {

    /**
     * {@code id:base64key,…}; the first key encrypts, all decrypt. Optional here so that a missing value
     * is reported by the startup check naming the environment variable rather than by the mapping.
     */
    Optional<String> tokenEncryptionKeys();

    ReEncryption reEncryption();

    interface ReEncryption {

        /** Move every stored token to the first key when the service starts. */
        @WithDefault("true")
        boolean atStartup();
    }
}
