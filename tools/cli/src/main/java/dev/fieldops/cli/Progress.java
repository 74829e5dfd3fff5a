package dev.fieldops.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The progress of a long run, on stderr: a redrawn bar on a terminal; elsewhere (a pipe, a file,
 * CI) a plain line every few seconds and one at the end, with no escape codes.
 */
interface Progress extends AutoCloseable {

  /**
   * System property {@code ./fieldops} sets from {@code [ -t 2 ]}: whether stderr is a terminal.
   */
  String TERMINAL_PROPERTY = "fieldops.terminal";

  void stepBy(long steps);

  @Override
  void close();

  static Progress on(PrintWriter err, String task, long total) {
    return terminal()
        ? new Bar(task, total)
        : new Lines(err, task, total, System::currentTimeMillis);
  }

  /**
   * Whether stderr is a terminal. {@code ./fieldops} says so; otherwise the console decides: since
   * JDK 22 {@code System.console()} exists without a terminal too, and only {@code isTerminal()}
   * (absent from the JDK 21 API this is compiled against) tells.
   */
  static boolean terminal() {
    String told = System.getProperty(TERMINAL_PROPERTY);
    if (told != null) {
      return Boolean.parseBoolean(told);
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // JDK 21: a console exists only on a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** A bar redrawn in place. */
  final class Bar implements Progress {
    private final ProgressBar bar;

    Bar(String task, long total) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .continuousUpdate()
              .clearDisplayOnFinish()
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build();
    }

    @Override
    public void stepBy(long steps) {
      bar.stepBy(steps);
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  /** Plain lines: {@code readings: 1200 of 6000 (20 %) after 12 s}. */
  final class Lines implements Progress {
    static final long EVERY_MILLIS = 5_000;

    private final PrintWriter err;
    private final String task;
    private final long total;
    private final LongSupplier clock;
    private final long start;
    private long done;
    private long lastPrinted;

    Lines(PrintWriter err, String task, long total, LongSupplier clock) {
      this.err = err;
      this.task = task;
      this.total = total;
      this.clock = clock;
      this.start = clock.getAsLong();
      this.lastPrinted = start;
    }

    @Override
    public void stepBy(long steps) {
      done += steps;
      long now = clock.getAsLong();
      if (now - lastPrinted >= EVERY_MILLIS) {
        lastPrinted = now;
        print("after", now);
      }
    }

    @Override
    public void close() {
      print("in", clock.getAsLong());
    }

    private void print(String when, long now) {
      long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
      err.printf(
          "%s: %d of %d (%d %%) %s %d s%n", task, done, total, percent, when, (now - start) / 1000);
      err.flush();
    }
  }
}
