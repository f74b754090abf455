package io.natscap.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Everything natscap and jnats log, at every level, with stack traces, while it is open. */
public final class LogCapture extends Handler implements AutoCloseable {

    private static final List<String> LOGGERS = List.of("io.natscap", "io.nats");

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Map<Logger, Level> previousLevels = new ConcurrentHashMap<>();

    public LogCapture() {
        setLevel(Level.ALL);
        for (String name : LOGGERS) {
            Logger logger = Logger.getLogger(name);
            previousLevels.put(logger, logger.getLevel() == null ? Level.INFO : logger.getLevel());
            logger.setLevel(Level.ALL);
            logger.addHandler(this);
        }
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + ": ");
        String message = record.getMessage();
        line.append(record.getParameters() == null || message == null ? message : MessageFormat.format(message, record.getParameters()));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    public String text() {
        return String.join("\n", lines);
    }

    public int lineCount() {
        return lines.size();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        previousLevels.forEach((logger, level) -> {
            logger.removeHandler(this);
            logger.setLevel(level);
        });
    }
}
