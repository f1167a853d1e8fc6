package com.certyneo.slack.crypto;

/**
 * A stored token could not be opened: unknown key id, wrong key, other installation (associated
 * data) or altered bytes. The message names the installation and key id, never key or token bytes.
 */
public class TokenDecryptionException extends RuntimeException {

    public TokenDecryptionException(String message) {
        super(message, null, false, false);
    }
}
