package com.certyneo.slack.certyneoapi;

/** A failure worth retrying: 5xx, 408/429, timeout or connection problem. */
class CertyneoTransientException extends RuntimeException {

    CertyneoTransientException(String message) {
        super(message, null, false, false);
    }

    CertyneoTransientException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
