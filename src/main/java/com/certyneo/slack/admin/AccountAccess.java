package com.certyneo.slack.admin;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.PermissionChecker;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The admin API's account rule (SPEC section 4), checked before every method of a resource annotated
 * {@code @PermissionsAllowed(AccountAccess.ACT_ON_ACCOUNT)}, with the method's {@code acc} path parameter: role
 * {@code platform} acts on any account, role {@code integrations-admin} only on the account of its {@code account_id}
 * claim, anything else is 403. Authentication itself (no, bad or expired token → 401) is quarkus-oidc's job.
 */
@ApplicationScoped
public class AccountAccess {

    public static final String ACT_ON_ACCOUNT = "act-on-account";
    public static final String PLATFORM = "platform";
    public static final String INTEGRATIONS_ADMIN = "integrations-admin";
    /**
     * What an account id looks like; anything else is 400 once the token may act on it. Patterns are anchored so
     * that OpenAPI (where a pattern may match anywhere) documents the same rule as Bean Validation.
     */
    public static final String ACCOUNT_ID = "^[A-Za-z0-9_-]{1,64}$";
    public static final String NOT_AN_ACCOUNT = "is not a valid account id";

    @PermissionChecker(ACT_ON_ACCOUNT)
    boolean mayActOn(SecurityIdentity identity, String acc) {
        return identity.hasRole(PLATFORM)
                || identity.hasRole(INTEGRATIONS_ADMIN) && acc != null && acc.equals(accountClaim(identity));
    }

    private static String accountClaim(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim("account_id");
            return claim == null ? null : claim.toString().replace("\"", "");
        }
        return null;
    }
}
