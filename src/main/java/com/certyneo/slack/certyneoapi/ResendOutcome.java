package com.certyneo.slack.certyneoapi;

/** What came of a re-send request, in terms a Slack user can be told. */
public sealed interface ResendOutcome {

    /** Bounded label for metrics and the audit trail. */
    String label();

    /** Certyneo accepted: the envelope goes out to its missing signers again. */
    record Resent() implements ResendOutcome {
        @Override
        public String label() {
            return "resent";
        }
    }

    /** Certyneo refused (4xx) with its reason; trying again will not help. */
    record Rejected(int httpStatus, String reason) implements ResendOutcome {
        @Override
        public String label() {
            return "rejected";
        }
    }

    /** Certyneo could not be reached: circuit open, timeouts or retries exhausted. */
    record Unavailable(Cause cause) implements ResendOutcome {
        @Override
        public String label() {
            return "unavailable";
        }
    }

    enum Cause {
        CIRCUIT_OPEN, RETRIES_EXHAUSTED, TIMEOUT, TOKEN_UNAVAILABLE, UNEXPECTED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
