package com.certyneo.slack.local;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. With the {@code local} profile and no datasource configured, it first starts a real
 * PostgreSQL (embedded binaries, data under {@code .local-pg/}) so that one command runs the service
 * on a fresh machine. Any other profile goes straight to Quarkus: production never starts one.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (LocalDatabase.wanted()) {
            LocalDatabase.start();
        }
        Quarkus.run(args);
    }
}
