package com.certyneo.slack.admin;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.certyneo.slack.platform.ProblemException;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The admin API's account rule (SPEC section 4): role {@code platform} acts on any account, role
 * {@code integrations-admin} only on the account of its {@code account_id} claim, anything else is 403.
 * Authentication itself (no, bad or expired token → 401) is quarkus-oidc's job.
 */
@ApplicationScoped
public class AccountAccess {

    public static final String PLATFORM = "platform";
    public static final String INTEGRATIONS_ADMIN = "integrations-admin";

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** @throws ProblemException 403 when the identity may not act on {@code accountId}, 400 for a malformed id */
    public void require(SecurityIdentity identity, String accountId) {
        if (identity == null || identity.isAnonymous()) {
            throw ProblemException.unauthorized("A valid bearer token is required.");
        }
        boolean allowed = identity.hasRole(PLATFORM)
                || identity.hasRole(INTEGRATIONS_ADMIN) && accountId != null
                        && accountId.equals(accountClaim(identity));
        if (!allowed) {
            throw ProblemException.forbidden("This token may not act on account " + safe(accountId) + ".");
        }
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw ProblemException.badRequest("acc", "The account id is not valid.");
        }
    }

    private static String accountClaim(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim("account_id");
            return claim == null ? null : claim.toString().replace("\"", "");
        }
        return null;
    }

    private static String safe(String accountId) {
        return accountId != null && ACCOUNT_ID.matcher(accountId).matches() ? accountId : "(invalid id)";
    }
}
