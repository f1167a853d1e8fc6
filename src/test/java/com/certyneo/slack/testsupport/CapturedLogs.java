package com.certyneo.slack.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures every log line (message, parameters applied, and stack trace) emitted while open, for
 * "no secret in any log line" tests. Lowers the given categories to DEBUG while open so that debug
 * output is checked too.
 *
 * <pre>
 * try (CapturedLogs logs = CapturedLogs.start("com.certyneo", "io.quarkus.rest.client")) {
 *     ... exercise ...
 *     assertThat(logs.text()).doesNotContain(token);
 * }
 * </pre>
 */
public final class CapturedLogs implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Map<Logger, Level> previousLevels = new HashMap<>();
    private final Handler handler;

    private CapturedLogs(String... debugCategories) {
        SimpleFormatter formatter = new SimpleFormatter();
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder line = new StringBuilder(record.getLoggerName() + " " + record.getLevel() + " ");
                // printf-style records (Logger.infof) only show their parameters when formatted by JBoss
                line.append(record instanceof ExtLogRecord ext
                        ? ext.getFormattedMessage()
                        : formatter.formatMessage(record));
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append('\n').append(trace);
                }
                synchronized (lines) {
                    lines.add(line.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        for (String category : debugCategories) {
            Logger logger = Logger.getLogger(category);
            previousLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.FINE);
        }
        Logger.getLogger("").addHandler(handler);
    }

    public static CapturedLogs start(String... debugCategories) {
        return new CapturedLogs(debugCategories);
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** All captured lines joined by new lines. */
    public String text() {
        return String.join("\n", lines());
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        previousLevels.forEach(Logger::setLevel);
    }
}
