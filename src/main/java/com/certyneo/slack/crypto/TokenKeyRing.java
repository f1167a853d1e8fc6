package com.certyneo.slack.crypto;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Parsed {@code TOKEN_ENCRYPTION_KEYS} ({@code id:base64key,…}). Errors name the entry's position or
 * key id, never the key material.
 */
final class TokenKeyRing {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keys;
    private final String currentKeyId;

    private TokenKeyRing(Map<String, SecretKey> keys) {
        this.keys = keys;
        this.currentKeyId = keys.isEmpty() ? null : keys.keySet().iterator().next();
    }

    static TokenKeyRing parse(String spec) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return new TokenKeyRing(keys);
        }
        String[] entries = spec.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("TOKEN_ENCRYPTION_KEYS entry #" + (i + 1)
                        + " is not of the form id:base64key");
            }
            String id = entry.substring(0, colon).trim();
            if (!KEY_ID.matcher(id).matches()) {
                // not echoed: a swapped entry would put key material here
                throw new IllegalArgumentException("TOKEN_ENCRYPTION_KEYS entry #" + (i + 1)
                        + " has an invalid key id (letters, digits, '.', '_', '-'; at most 64)");
            }
            if (keys.containsKey(id)) {
                throw new IllegalArgumentException("TOKEN_ENCRYPTION_KEYS: key id '" + id + "' appears more than once");
            }
            byte[] material;
            try {
                material = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("TOKEN_ENCRYPTION_KEYS: key '" + id + "' is not valid base64");
            }
            if (material.length != KEY_BYTES) {
                throw new IllegalArgumentException("TOKEN_ENCRYPTION_KEYS: key '" + id
                        + "' must be 32 bytes (AES-256) once base64-decoded");
            }
            keys.put(id, new SecretKeySpec(material, "AES"));
        }
        return new TokenKeyRing(keys);
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The key that encrypts; empty when nothing is configured. */
    Optional<String> currentKeyId() {
        return Optional.ofNullable(currentKeyId);
    }

    SecretKey key(String id) {
        return keys.get(id);
    }

    List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }
}
