package com.certyneo.slack.platform;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.vertx.sqlclient.ClosedConnectionException;

/** Tells a database that cannot be reached apart from a query that failed. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof TimeoutException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Connection refused") || message.contains("Connection is closed")
                    || message.contains("Connection is not active") || message.contains("Timeout"))) {
                return true;
            }
        }
        return false;
    }
}
