package com.certyneo.slack.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A copy of parts of this project in a temporary directory, for tests that run Maven on it (dev mode, native). */
public final class ProjectCopy {

    private ProjectCopy() {
    }

    /** Copies {@code items} (files or directories, relative to the project) into a new directory named after {@code prefix}. */
    public static Path of(String prefix, String... items) throws IOException {
        Path copy = Files.createTempDirectory(prefix);
        for (String item : items) {
            copyTree(Path.of(item), copy.resolve(item));
        }
        return copy;
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
