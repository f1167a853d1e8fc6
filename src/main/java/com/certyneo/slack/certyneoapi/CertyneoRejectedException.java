package com.certyneo.slack.certyneoapi;

/** Certyneo refused the request (4xx): retrying would not help, and it says nothing about its health. */
class CertyneoRejectedException extends RuntimeException {

    private final int status;
    private final String reason;

    CertyneoRejectedException(int status, String reason) {
        super("Certyneo refused the request with HTTP " + status, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
