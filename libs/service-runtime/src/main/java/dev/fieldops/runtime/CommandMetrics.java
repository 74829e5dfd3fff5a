package dev.fieldops.runtime;

import dev.fieldops.kernel.AbandonedException;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.UnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Times every command of a context, once, in the application factory's decorator list, whichever
 * adapter reached it (gRPC, a consumer, a job): {@code fieldops_command_duration_seconds}, a
 * histogram tagged {@code command} (the command record's simple name, e.g. {@code CreateTicket})
 * and {@code outcome}. The outcome names what the domain answered, not how a transport renders it:
 *
 * <table>
 *   <caption>Outcomes</caption>
 *   <tr><th>outcome</th><th>when</th></tr>
 *   <tr><td>{@code ok}</td><td>the handler returned</td></tr>
 *   <tr><td>{@code rejected}</td><td>a rule forbade it ({@link RuleViolationException})</td></tr>
 *   <tr><td>{@code invalid}</td><td>{@link InvalidInputException}</td></tr>
 *   <tr><td>{@code not_found}</td><td>{@link NotFoundException}</td></tr>
 *   <tr><td>{@code conflict}</td><td>a stale version ({@link ConcurrencyConflictException})</td></tr>
 *   <tr><td>{@code already_exists}</td><td>{@link AlreadyExistsException}</td></tr>
 *   <tr><td>{@code denied}</td><td>{@link PermissionDeniedException}</td></tr>
 *   <tr><td>{@code unavailable}</td><td>{@link UnavailableException}</td></tr>
 *   <tr><td>{@code abandoned}</td><td>its caller stopped waiting before it committed, and it
 *       was rolled back ({@link AbandonedException})</td></tr>
 *   <tr><td>{@code error}</td><td>anything else: a bug or the database away</td></tr>
 * </table>
 *
 * <p>First in the list (outermost), so that the time includes the transaction and its retries, as
 * the caller waited for them. A command class's meter for an outcome is registered when that
 * outcome first happens and kept, so timing a command costs two clock reads and a histogram update,
 * and outcomes that never happen add no series.
 */
public final class CommandMetrics implements CommandDecorator {

  /** The meter's name (Prometheus: {@code fieldops_command_duration_seconds}). */
  public static final String NAME = "fieldops.command.duration";

  /** What a command came to, as its {@code outcome} tag says. */
  enum Outcome {
    OK,
    REJECTED,
    INVALID,
    NOT_FOUND,
    CONFLICT,
    ALREADY_EXISTS,
    DENIED,
    UNAVAILABLE,
    ABANDONED,
    ERROR;

    final String tag = name().toLowerCase(Locale.ROOT);

    static Outcome of(Throwable failure) {
      return switch (failure) {
        case RuleViolationException e -> REJECTED;
        case InvalidInputException e -> INVALID;
        case NotFoundException e -> NOT_FOUND;
        case ConcurrencyConflictException e -> CONFLICT;
        case AlreadyExistsException e -> ALREADY_EXISTS;
        case PermissionDeniedException e -> DENIED;
        case UnavailableException e -> UNAVAILABLE;
        case AbandonedException e -> ABANDONED;
        default -> ERROR;
      };
    }
  }

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;

  /** Per command class, its timers by outcome, each registered when first needed. */
  private final ClassValue<Timer[]> timers =
      new ClassValue<>() {
        @Override
        protected Timer[] computeValue(Class<?> command) {
          return new Timer[Outcome.values().length];
        }
      };

  public CommandMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public <C, R> CommandHandler<C, R> decorate(CommandHandler<C, R> handler) {
    Objects.requireNonNull(handler, "handler");
    return command -> {
      long start = System.nanoTime();
      Outcome outcome = Outcome.ERROR;
      try {
        R result = handler.handle(command);
        outcome = Outcome.OK;
        return result;
      } catch (RuntimeException | Error e) {
        outcome = Outcome.of(e);
        throw e;
      } finally {
        if (command != null) {
          timer(command.getClass(), outcome)
              .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
      }
    };
  }

  private Timer timer(Class<?> command, Outcome outcome) {
    Timer[] byOutcome = timers.get(command);
    Timer timer = byOutcome[outcome.ordinal()];
    if (timer == null) {
      // A race registers the same meter twice: the registry answers both with the one it keeps.
      timer =
          Timer.builder(NAME)
              .description("Time a command took, its transaction and retries included")
              .tag("command", command.getSimpleName())
              .tag("outcome", outcome.tag)
              .serviceLevelObjectives(BUCKETS)
              .register(registry);
      byOutcome[outcome.ordinal()] = timer;
    }
    return timer;
  }
}
