package com.certyneo.slack.local.sandbox;

import java.util.List;

import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * The sandbox exists in the local profile (and dev mode, whose profile has local as parent) only. Decided at run
 * time: the development build's jar is also started in the prod profile (by the production tests), and there
 * neither {@code /} nor {@code /sandbox/...} may answer.
 */
public final class SandboxProfile {

    private SandboxProfile() {
    }

    public static boolean active() {
        return active(ConfigUtils.getProfiles());
    }

    static boolean active(List<String> profiles) {
        return profiles.contains("local") || profiles.contains("dev");
    }
}
