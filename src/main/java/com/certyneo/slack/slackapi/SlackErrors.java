package com.certyneo.slack.slackapi;

import java.util.Set;

/** Classification of Slack {@code error} codes (SPEC section 7). */
public final class SlackErrors {

    /** Retrying cannot help: fail the delivery at once and flag the installation needs_attention. */
    public static final Set<String> PERMANENT = Set.of(
            "channel_not_found", "not_in_channel", "is_archived", "invalid_blocks", "invalid_blocks_format",
            "msg_too_long", "no_text", "too_many_attachments", "invalid_attachments", "restricted_action",
            "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
            "restricted_action_non_threadable_channel", "missing_scope", "not_allowed_token_type",
            "message_not_found", "cant_update_message", "edit_window_closed", "invalid_arguments",
            "invalid_arg_name", "invalid_array_arg", "invalid_charset", "invalid_form_data", "invalid_post_type",
            "missing_post_type", "invalid_json", "json_not_object", "channel_is_archived", "method_deprecated",
            "deprecated_endpoint", "team_added_to_org", "no_permission", "two_factor_setup_required");

    /** The token is dead: the installation is revoked and its queue cancelled. */
    public static final Set<String> AUTH = Set.of(
            "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "org_login_required",
            "ekm_access_denied", "team_access_not_granted", "app_uninstalled");

    /** Slack's own "something went wrong on our side, try again" codes: reported as Transient. */
    static final Set<String> RETRYABLE = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout");

    /** Causes of transient failures that are not Slack codes (see SlackResult.Transient#reason). */
    private static final Set<String> TRANSIENT_CAUSES = Set.of("timeout", "connection", "invalid_response",
            "http_4xx", "http_5xx");

    private SlackErrors() {
    }

    /**
     * A Slack error code or transient cause folded into a bounded set, fit for a metric label: the known permanent,
     * auth and retry codes, {@code timeout}, {@code connection}, {@code invalid_response}, {@code http_4xx},
     * {@code http_5xx}, else {@code other}. Slack's raw string never becomes a label (unbounded cardinality).
     */
    public static String metricCode(String code) {
        if (code == null) {
            return "other";
        }
        if (code.length() == 8 && code.startsWith("http_") && Character.isDigit(code.charAt(5))) {
            code = "http_" + code.charAt(5) + "xx";
        }
        return PERMANENT.contains(code) || AUTH.contains(code) || RETRYABLE.contains(code)
                || TRANSIENT_CAUSES.contains(code) ? code : "other";
    }

    public static boolean isPermanent(String code) {
        return code != null && PERMANENT.contains(code);
    }

    public static boolean isAuth(String code) {
        return code != null && AUTH.contains(code);
    }
}
