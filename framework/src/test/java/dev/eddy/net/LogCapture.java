package dev.eddy.net;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what the {@code dev.eddy.net} loggers log at DEBUG and above while open, so that a test
 * can check that a failure is logged exactly once. Not for tests that run in parallel.
 */
final class LogCapture implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger("dev.eddy.net");
  private final Level level = logger.getLevel();
  private final boolean additive = logger.isAdditive();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false); // the captured DEBUG lines stay out of the build's output
  }

  /** The events whose message or exception mentions {@code text}. */
  List<ILoggingEvent> mentioning(String text) {
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
