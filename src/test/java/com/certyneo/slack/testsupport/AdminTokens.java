package com.certyneo.slack.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Admin API bearer tokens for tests, signed with the key whose public half the %test profile
 * trusts, for the audience and from the issuer it expects.
 */
public final class AdminTokens {

    /** %test.quarkus.oidc.token.audience */
    public static final String AUDIENCE = "certyneo-slack";
    /** %test.quarkus.oidc.token.issuer */
    public static final String ISSUER = "https://sso.certyneo.test/realms/certyneo";

    private static final PrivateKey KEY = load();

    private AdminTokens() {
    }

    /** A valid token with role {@code integrations-admin} for {@code accountId}. */
    public static String admin(String accountId) {
        return sign(claims(Set.of("integrations-admin")).claim("account_id", accountId), KEY);
    }

    /** A valid token with role {@code platform} (any account). */
    public static String platform() {
        return sign(claims(Set.of("platform")), KEY);
    }

    public static String withRoles(String accountId, Set<String> roles) {
        JwtClaimsBuilder claims = claims(roles);
        return sign(accountId == null ? claims : claims.claim("account_id", accountId), KEY);
    }

    public static String expired(String accountId) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return sign(Jwt.claims().subject("certyneo-backend").groups(Set.of("integrations-admin"))
                .audience(AUDIENCE).issuer(ISSUER)
                .claim("account_id", accountId).issuedAt(past).expiresAt(past.plus(Duration.ofMinutes(5))), KEY);
    }

    /** A platform token, right key, for {@code audience} (null: no aud claim) from {@code issuer} (null: no iss). */
    public static String platformFor(String audience, String issuer) {
        JwtClaimsBuilder claims = Jwt.claims().subject("certyneo-backend").groups(Set.of("platform"))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plus(Duration.ofMinutes(10)));
        if (audience != null) {
            claims.audience(audience);
        }
        if (issuer != null) {
            claims.issuer(issuer);
        }
        return sign(claims, KEY);
    }

    /** Well-formed, right claims, signed by a key nobody trusts. */
    public static String signedByStranger(String accountId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(claims(Set.of("integrations-admin")).claim("account_id", accountId),
                    generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaimsBuilder claims(Set<String> roles) {
        return Jwt.claims().subject("certyneo-backend").groups(roles).audience(AUDIENCE).issuer(ISSUER)
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(Duration.ofMinutes(10)));
    }

    private static String sign(JwtClaimsBuilder claims, PrivateKey key) {
        return claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
    }

    private static PrivateKey load() {
        try (InputStream in = AdminTokens.class.getResourceAsStream("/jwt/private-key.pem")) {
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
