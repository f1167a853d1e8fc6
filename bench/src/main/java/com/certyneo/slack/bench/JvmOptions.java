package com.certyneo.slack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options production starts the service with (src/main/jvm/jvm.options, a java launcher argument file that
 * Dockerfile.jvm passes as {@code @/deployments/jvm.options}): the harness's default, so that what it measures is
 * what runs. Read here rather than passed as {@code @file} so that the results show the options themselves.
 */
final class JvmOptions {

    static final Path FILE = Path.of("src", "main", "jvm", "jvm.options");

    private JvmOptions() {
    }

    static List<String> production() {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(FILE)) {
                String options = line.replaceFirst("#.*", "").trim();
                if (!options.isEmpty()) {
                    out.addAll(List.of(options.split("\\s+")));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(FILE.toAbsolutePath() + ": run the harness from the repository root", e);
        }
    }
}
