package dev.eddy.net;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what the {@code dev.eddy.net} loggers log at DEBUG and above while open, so that a test
 * can check that a failure is logged exactly once. Not for tests that run in parallel. Public so
 * that other packages' tests can capture their own loggers with {@link #LogCapture(String)}.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final Level level;
  private final boolean additive;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    this("dev.eddy.net");
  }

  /** Captures {@code loggerName} and the loggers below it, e.g. {@code dev.eddy.config}. */
  public LogCapture(String loggerName) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    level = logger.getLevel();
    additive = logger.isAdditive();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false); // the captured DEBUG lines stay out of the build's output
  }

  /** The events whose message or exception mentions {@code text}. */
  public List<ILoggingEvent> mentioning(String text) {
    synchronized (appender) { // AppenderBase.doAppend holds this lock
      return appender.list.stream()
          .filter(e -> e.getFormattedMessage().contains(text)
              || (e.getThrowableProxy() != null
                  && String.valueOf(e.getThrowableProxy().getMessage()).contains(text)))
          .toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(level);
    logger.setAdditive(additive);
    appender.stop();
  }
}
