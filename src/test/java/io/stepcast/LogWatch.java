package io.stepcast;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Keeps every log line of this JVM (all threads, the broker and the Flink MiniCluster included) at
 * INFO and above while open: the level an operator runs with, at which Kafka prints every client's
 * configuration. The console keeps showing errors only meanwhile; closing restores the test logging
 * configuration.
 */
public final class LogWatch extends AbstractAppender implements AutoCloseable {
    private static final Level WATCHED = Level.INFO;

    private final LoggerContext context;
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();

    private LogWatch(LoggerContext context) {
        super("log-watch", null, null, true, Property.EMPTY_ARRAY);
        this.context = context;
    }

    public static LogWatch open() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LogWatch watch = new LogWatch(context);
        watch.start();
        config.addAppender(watch);
        List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
        loggers.add(config.getRootLogger());
        for (LoggerConfig logger : loggers) {
            logger.setLevel(WATCHED);
            for (Appender console : List.copyOf(logger.getAppenders().values())) {
                logger.removeAppender(console.getName());
                logger.addAppender(console, Level.ERROR, null);
            }
        }
        // named loggers pass their events on to the root's appenders
        config.getRootLogger().addAppender(watch, WATCHED, null);
        context.updateLoggers();
        return watch;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName())
                .append(' ')
                .append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    /** The lines seen so far that contain {@code text}. */
    public List<String> linesContaining(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        context.reconfigure();
        stop();
    }
}
