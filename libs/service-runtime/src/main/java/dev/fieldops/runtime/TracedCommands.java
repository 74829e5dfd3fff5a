package dev.fieldops.runtime;

import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.DomainException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Objects;

/**
 * A span around each command, named after the command's type ({@code CreateTicket}), whichever
 * adapter reached it (an RPC, an event consumer, a job): the decorator every wiring puts first in
 * its list, outside the transaction, so that the command's transaction and the events it writes are
 * its children. A rule the domain enforces ({@link DomainException}: not found, invalid input, a
 * conflict) is recorded on the span but is not an error of the service; anything else is.
 */
public final class TracedCommands implements CommandDecorator {

  /** The instrumentation scope of the command spans. */
  public static final String SCOPE = "dev.fieldops.runtime";

  private static final AttributeKey<String> COMMAND = AttributeKey.stringKey("fieldops.command");

  private final Tracer tracer;

  public TracedCommands(OpenTelemetry openTelemetry) {
    this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE);
  }

  @Override
  public <C, R> CommandHandler<C, R> decorate(CommandHandler<C, R> handler) {
    Objects.requireNonNull(handler, "handler");
    return command -> {
      String name = command == null ? "command" : command.getClass().getSimpleName();
      Span span = tracer.spanBuilder(name).startSpan();
      if (span.isRecording()) {
        // Only a sampled span keeps attributes: an unsampled one would build them to drop them.
        span.setAttribute(COMMAND, name);
      }
      try (Scope scope = span.makeCurrent()) {
        return handler.handle(command);
      } catch (DomainException refused) {
        span.recordException(refused);
        throw refused;
      } catch (RuntimeException | Error failure) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR);
        throw failure;
      } finally {
        span.end();
      }
    };
  }
}
