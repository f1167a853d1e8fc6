package com.certyneo.slack.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/** A complete production environment for the built app (fakes on closed local ports). */
final class ProductionEnv {

    /** QUARKUS_OIDC_TOKEN_AUDIENCE and QUARKUS_OIDC_TOKEN_ISSUER of this environment. */
    static final String AUDIENCE = "certyneo-slack";
    static final String ISSUER = "https://sso.certyneo.example.test/realms/certyneo";

    /** The public half of src/test/resources/jwt/private-key.pem. */
    static final String OIDC_PUBLIC_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtzavhldnjk59z3jdjV06nB9NTKW/kS8yvEbP7z9ad2AFM+8f8/Gek21L+v7tl3+73mDzCqvfImhYkzwmbtkYm8Ic8kLmZM+hJQOWS3N6sKj6XMY4gz4+FDgyldVSpoUYhNw7TqPNoieaEmM8s5YGu7fEKrf8SiZy9UJ99xblNpZKii1SaXNFdd5CN0Z3HS4wWLtMhwiVWCiNIPH8mLnBCFjhEuFA+r5lhf4mFBuywzLuazCfe/6MYjSJ6C3gr2ZucI8tk6+LmsfAUYcxzEtijFHT1aXdRUcflwbB6yucUqwAH6SqQU0FjecQZGbfjxUkf/c/gEpcplMgxtE/YL4l4wIDAQAB";

    private ProductionEnv() {
    }

    /** Everything set except the datasource, which the caller adds. */
    static Map<String, String> withoutDatasource() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PUBLIC_BASE_URL", "https://slack-bridge.example.test");
        env.put("SLACK_CLIENT_ID", "it-client-id");
        env.put("SLACK_CLIENT_SECRET", "it-client-secret-value");
        env.put("SLACK_SIGNING_SECRET", "it-signing-secret-value");
        env.put("SLACK_API_URL", "http://localhost:1/api");
        env.put("CERTYNEO_WEBHOOK_SECRETS", "whsec_aXQtd2ViaG9vay1zZWNyZXQtdmFsdWUtMzJieXRlcyE=");
        env.put("CERTYNEO_API_URL", "http://localhost:1");
        env.put("CERTYNEO_OIDC_TOKEN_URL", "http://localhost:1/oauth/token");
        env.put("CERTYNEO_CLIENT_ID", "it-certyneo-client");
        env.put("CERTYNEO_CLIENT_SECRET", "it-certyneo-client-secret-value");
        env.put("TOKEN_ENCRYPTION_KEYS", "it1:aXQtb25seS10b2tlbi1rZXktMzItYnl0ZXMtbG9uZyE=");
        env.put("ALLOWED_RETURN_URLS", "https://app.certyneo.example.test/settings");
        env.put("QUARKUS_OIDC_PUBLIC_KEY", OIDC_PUBLIC_KEY);
        env.put("QUARKUS_OIDC_TOKEN_AUDIENCE", AUDIENCE);
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", ISSUER);
        return env;
    }

    /** Everything set, the datasource pointing at a port where nothing listens. */
    static Map<String, String> complete() {
        Map<String, String> env = withoutDatasource();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:1/postgres");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:1/postgres");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "it-database-password-value");
        return env;
    }

    /**
     * A {@code platform} admin token signed with the private half of {@link #OIDC_PUBLIC_KEY}
     * (src/test/resources/jwt/private-key.pem), for {@code audience} from {@code issuer}.
     */
    static String platformToken(String audience, String issuer) {
        JwtClaimsBuilder claims = Jwt.claims().subject("certyneo-backend").groups(Set.of("platform"))
                .audience(audience).issuer(issuer).issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(Duration.ofMinutes(10)));
        try (InputStream in = ProductionEnv.class.getResourceAsStream("/jwt/private-key.pem")) {
            return claims.jws().algorithm(SignatureAlgorithm.RS256)
                    .sign(KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }
}
