package dev.fieldops.commandline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every command behind ./fieldops fails, asks for help and exits the same way. */
class CommandLinesTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Command(
      name = "fieldops probe",
      description = "A command that fails as it is told.",
      subcommands = Probe.Deeper.class)
  static final class Probe implements Callable<Integer> {
    static Exception failure;

    @Option(names = "--times", description = "A number.")
    int times;

    @Override
    public Integer call() throws Exception {
      if (failure != null) {
        throw failure;
      }
      return 0;
    }

    @Command(name = "deeper", description = "A subcommand.")
    static final class Deeper implements Callable<Integer> {
      @Override
      public Integer call() {
        throw CommandFailure.unavailable("the thing did not answer", "start it");
      }
    }
  }

  private int run(Exception failure, String... args) {
    Probe.failure = failure;
    return CommandLines.execute(
        new Probe(), args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static Exception etagMismatch() {
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(Code.ABORTED_VALUE)
            .setMessage("the ticket changed since it was read; read it again")
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setReason("ETAG_MISMATCH")
                        .setDomain("support.fieldops.dev")
                        .build()))
            .build());
  }

  @Test
  void a_grpc_error_is_one_line_with_status_reason_description_and_what_to_do() {
    int exit = run(etagMismatch());

    assertThat(exit).isEqualTo(CommandLines.FAILED);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "fieldops probe: ABORTED ETAG_MISMATCH: the ticket changed since it"
                + " was read; read it again. What to do: read it again and repeat the change with its new etag"
                + System.lineSeparator());
  }

  @Test
  void verbose_adds_the_stack_trace_after_the_line() {
    int exit = run(etagMismatch(), "--verbose");

    assertThat(exit).isEqualTo(CommandLines.FAILED);
    assertThat(err.toString().lines().findFirst())
        .hasValueSatisfying(
            line -> assertThat(line).startsWith("fieldops probe: ABORTED ETAG_MISMATCH"));
    assertThat(err.toString()).contains("io.grpc.StatusRuntimeException").contains("\tat ");
  }

  @Test
  void field_violations_are_named_in_the_line() {
    run(
        StatusProto.toStatusRuntimeException(
            com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage("invalid request")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("VALIDATION_FAILED").build()))
                .addDetails(
                    Any.pack(
                        BadRequest.newBuilder()
                            .addFieldViolations(
                                BadRequest.FieldViolation.newBuilder()
                                    .setField("ticket.subject")
                                    .setDescription("must not be empty"))
                            .build()))
                .build()));

    assertThat(err.toString())
        .startsWith(
            "fieldops probe: INVALID_ARGUMENT VALIDATION_FAILED: invalid request"
                + " [ticket.subject: must not be empty]. What to do: ");
  }

  @Test
  void a_service_that_does_not_answer_is_exit_code_3_and_says_to_start_fieldops() {
    int exit =
        run(
            Status.UNAVAILABLE
                .withDescription("io exception")
                .withCause(new ConnectException("Connection refused: /127.0.0.1:50051"))
                .asRuntimeException());

    assertThat(exit).isEqualTo(CommandLines.UNAVAILABLE);
    assertThat(err.toString())
        .startsWith(
            "fieldops probe: UNAVAILABLE: io exception (Connection refused:"
                + " /127.0.0.1:50051). What to do: is FieldOps running? ./fieldops up starts it");
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void an_unexpected_exception_is_one_line_too_and_points_at_verbose() {
    int exit = run(new IllegalStateException("boom\nsecond line"));

    assertThat(exit).isEqualTo(CommandLines.FAILED);
    assertThat(err.toString())
        .isEqualTo(
            "fieldops probe: IllegalStateException: boom. What to do: run it"
                + " again with --verbose to see where it failed"
                + System.lineSeparator());
  }

  @Test
  void a_subcommand_failure_names_the_subcommand_and_keeps_its_exit_code() {
    int exit = run(null, "deeper");

    assertThat(exit).isEqualTo(CommandLines.UNAVAILABLE);
    assertThat(err.toString())
        .isEqualTo(
            "fieldops probe deeper: the thing did not answer. What to do: start it"
                + System.lineSeparator());
  }

  @Test
  void a_bad_command_line_is_exit_code_2_with_where_to_find_the_usage() {
    int exit = run(null, "--times", "many");

    assertThat(exit).isEqualTo(CommandLines.USAGE);
    assertThat(err.toString().lines()).hasSize(2).last().isEqualTo("Try: ./fieldops probe --help");
  }

  @Test
  void every_command_and_subcommand_has_help_with_the_exit_codes() {
    assertThat(run(null, "--help")).isZero();
    assertThat(run(null, "deeper", "-h")).isZero();

    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .contains("Usage: fieldops probe [-h] [--verbose] [--times=<times>]")
        .contains("Usage: fieldops probe deeper [-h] [--verbose]")
        .contains("Exit codes:")
        .containsPattern("\\n +3 +unavailable: a service, NATS or the database did not answer");
  }
}
