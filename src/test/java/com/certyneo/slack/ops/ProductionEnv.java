package com.certyneo.slack.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/** A complete production environment for the built app (fakes on closed local ports). */
final class ProductionEnv {

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
}
