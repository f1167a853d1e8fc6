package com.certyneo.slack.local.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Mints the admin API token the sandbox settings page gives the component: what Certyneo's dashboard backend
 * would obtain from its identity provider. RS256 with the local-only key whose public half the local profile
 * trusts ({@code quarkus.oidc.public-key}); audience and issuer as the local profile expects. Written with the
 * JDK alone (a JWT is three base64url parts) so that the sandbox needs no extra library in any build.
 */
final class AdminTokenMinter {

    static final String AUDIENCE = "certyneo-slack";
    static final String ISSUER = "certyneo-local-sandbox";
    static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final String KEY_RESOURCE = "sandbox/admin-token-key.pem";

    private final PrivateKey key;
    private final Clock clock;

    AdminTokenMinter(Clock clock) {
        this.key = loadKey();
        this.clock = clock;
    }

    /** A token with role integrations-admin for {@code accountId}, valid for {@link #LIFETIME}. */
    String adminToken(String accountId) {
        long now = clock.instant().getEpochSecond();
        JsonObject claims = new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", "sandbox-admin")
                .put("upn", "admin@sandbox.certyneo.example").put("groups", new JsonArray().add("integrations-admin"))
                .put("account_id", accountId).put("iat", now).put("exp", now + LIFETIME.toSeconds())
                .put("jti", UUID.randomUUID().toString());
        String signingInput = part(new JsonObject().put("alg", "RS256").put("typ", "JWT")) + "." + part(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the sandbox admin token", e);
        }
    }

    private static String part(JsonObject json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey loadKey() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(KEY_RESOURCE + " is missing from the development build");
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Unreadable sandbox admin token key", e);
        }
    }
}
