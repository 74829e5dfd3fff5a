package dev.fieldops.invoicing.bench;

import static dev.fieldops.test.bench.Machine.loadAverage;
import static dev.fieldops.test.bench.Machine.median;

import dev.fieldops.invoicing.bootstrap.InvoicingMain;
import dev.fieldops.invoicing.bootstrap.InvoicingWiring;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc.InvoicingServiceBlockingStub;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.RecordPaymentRequest;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.jooq.IdempotencyStore;
import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.nats.inbox.Inbox;
import dev.fieldops.nats.outbox.Outbox;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.test.TestDatabase;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.bench.CpuSplit;
import dev.fieldops.test.bench.Machine;
import dev.fieldops.test.bench.Pgbench;
import dev.fieldops.test.bench.PostgresServer;
import dev.fieldops.test.bench.WarmUp;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Measures, in one run on this machine:
 *
 * <ol>
 *   <li>{@code IssueInvoice} throughput with 64 concurrent callers over a real socket, each issuing
 *       a distinct draft: every issue takes the one counter row of the year, so this is the
 *       contended path. Afterwards the series is checked for gaps.
 *   <li>{@code RecordPayment} throughput with 64 concurrent callers (partial payments of issued
 *       invoices, each with its own request id and bank reference).
 *   <li>The same two with pgbench (64 clients, prepared statements) running a transaction that does
 *       the same writes on the same schema in a database of its own: lock and update the counter
 *       row, update the invoice, insert its tax row and the outbox row; respectively insert the
 *       idempotency record, the payment, update the invoice, insert the outbox row and store the
 *       response. The outbox row is written as the service's outbox writer writes it: one statement
 *       that also counts the invoice's outbox sequence ({@code outbox_aggregate}). The service does
 *       more (it reads the invoice, its lines and the customer's terms, runs the domain, maps
 *       protobuf, authenticates a JWT, relays events to NATS); the ratio says what all of that
 *       costs.
 * </ol>
 *
 * Run: {@code MAVEN_OPTS=@deploy/jvm/service.flags ./mvnw -q -o -pl services/invoicing exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.fieldops.invoicing.bench.InvoicingBenchmark}.
 * Optional system properties: {@code bench.seconds} (measured seconds per phase, default 20),
 * {@code bench.callers} (64), {@code bench.warmup} (at most this many seconds of warm-up rounds per
 * call, default 90), {@code bench.rounds} (measured rounds of each call, each followed by its
 * pgbench twin, default 3).
 */
public final class InvoicingBenchmark {

  private static final int CALLERS = Integer.getInteger("bench.callers", 64);
  private static final Duration MEASURE =
      Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
  // Warm-up rounds until the JIT compiler threads rest (under a tenth of a core in a round), for
  // at most bench.warmup seconds: with one fixed 5 s warm-up, C2 still took a third of this JVM's
  // CPU in the measured phases, which measured the JIT as much as the service.
  private static final Duration WARM_UP_ROUND = Duration.ofSeconds(5);
  private static final double QUIET_COMPILER_SHARE = 0.1;
  private static final Duration WARM_UP_MAX =
      Duration.ofSeconds(Integer.getInteger("bench.warmup", 90));
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final int DRAFTS = 120_000;
  private static final String PGBENCH = "/usr/bin/pgbench";

  private InvoicingBenchmark() {}

  /** What one timed phase achieved. */
  record Phase(
      String name, long calls, long failures, Duration elapsed, long p50Micros, long p99Micros) {
    double perSecond() {
      return calls / (elapsed.toNanos() / 1e9);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%-28s %8.0f/s  (%d calls, %d failed, p50 %.1f ms, p99 %.1f ms)",
          name,
          perSecond(),
          calls,
          failures,
          p50Micros / 1000.0,
          p99Micros / 1000.0);
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    List<Phase> issue = new ArrayList<>();
    List<Phase> pay = new ArrayList<>();
    List<Phase> pgIssue = new ArrayList<>();
    List<Phase> pgPay = new ArrayList<>();
    String gapReport;
    String postgresVersion;
    String loadBefore = loadAverage();
    try (TestEnvironment environment = TestEnvironment.create();
        TestDatabase pgbenchDatabase = preparePgbenchDatabase()) {
      ServiceRuntime service =
          ServiceRuntime.start(
              InvoicingMain.DESCRIPTOR,
              environment.withoutAbuseLimits().env(),
              new InvoicingWiring());
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", service.port()).usePlaintext().build();
      try {
        DSLContext db = service.infrastructure().database().dsl();
        postgresVersion = db.connectionResult(PostgresServer::describe);
        List<String> drafts;
        try (Connection setup = environment.database().connect()) {
          drafts = insertDrafts(DSL.using(setup, SQLDialect.POSTGRES), DRAFTS, false);
        }
        List<String> issuedIds = Collections.synchronizedList(new ArrayList<>());
        InvoicingServiceBlockingStub clerk =
            TestTokens.withToken(
                InvoicingServiceGrpc.newBlockingStub(channel),
                environment.tokens().staff(Role.BILLING_CLERK));
        AtomicInteger nextDraft = new AtomicInteger();
        IntFunction<Runnable> issueNext =
            caller ->
                () -> {
                  String draft = drafts.get(nextDraft.getAndIncrement());
                  clerk
                      .withDeadlineAfter(30, TimeUnit.SECONDS)
                      .issueInvoice(IssueInvoiceRequest.newBuilder().setInvoiceId(draft).build());
                  issuedIds.add(draft);
                };
        // Each service phase is followed right away by its pgbench twin (the service idles
        // meanwhile), in rounds, so both meet the same load on a machine shared with other work
        // and the disk's commit latency, which bounds both, drifts between rounds rather than
        // between the two sides of a ratio.
        warmUp("IssueInvoice", issueNext);
        measureRounds(
            "IssueInvoice",
            issueNext,
            environment.database(),
            "pgbench issue",
            pgbenchDatabase,
            ISSUE_SCRIPT,
            issue,
            pgIssue);
        List<String> issued = List.copyOf(issuedIds);

        AtomicLong nextPayment = new AtomicLong();
        IntFunction<Runnable> payNext =
            caller ->
                () -> {
                  long n = nextPayment.getAndIncrement();
                  clerk
                      .withDeadlineAfter(30, TimeUnit.SECONDS)
                      .recordPayment(
                          RecordPaymentRequest.newBuilder()
                              .setRequestId(UUID.randomUUID().toString())
                              .setInvoiceId(issued.get((int) (n % issued.size())))
                              .setAmount(
                                  com.google.type.Money.newBuilder()
                                      .setCurrencyCode("EUR")
                                      .setNanos(10_000_000))
                              .setPaymentReference("bank-" + n + "-" + UUID.randomUUID())
                              .build());
                };
        warmUp("RecordPayment", payNext);
        measureRounds(
            "RecordPayment",
            payNext,
            environment.database(),
            "pgbench payment",
            pgbenchDatabase,
            PAYMENT_SCRIPT,
            pay,
            pgPay);
        gapReport = checkGapless(db);
      } finally {
        channel.shutdownNow();
        service.close();
      }
    }

    System.out.println();
    System.out.println("== Invoicing benchmark ==");
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, %s %s, %s, %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Machine.jvm(),
        postgresVersion);
    System.out.printf(
        "callers: %d, measured %ds per phase after warm-up rounds of %ds until the JIT compiler"
            + " threads used under %.0f%% of a core (at most %ds), database pool %d%n",
        CALLERS,
        MEASURE.toSeconds(),
        WARM_UP_ROUND.toSeconds(),
        QUIET_COMPILER_SHARE * 100,
        WARM_UP_MAX.toSeconds(),
        DatabaseConfig.defaultPoolSize());
    System.out.printf(
        "load average before: %s, after: %s (other work on the machine skews both sides)%n",
        loadBefore, loadAverage());
    printRounds(issue, pgIssue);
    System.out.println("IssueInvoice / pgbench  = " + ratio(issue, pgIssue));
    printRounds(pay, pgPay);
    System.out.println("RecordPayment / pgbench = " + ratio(pay, pgPay) + " (goal >= 0.8)");
    System.out.println(gapReport);
  }

  /**
   * {@link #ROUNDS} rounds of {@code call}, each followed by its pgbench twin running {@code
   * script}.
   */
  private static void measureRounds(
      String name,
      IntFunction<Runnable> call,
      TestDatabase serviceDatabase,
      String referenceName,
      TestDatabase referenceDatabase,
      String script,
      List<Phase> service,
      List<Phase> reference)
      throws Exception {
    for (int round = 1; round <= ROUNDS; round++) {
      try (var sampler = WaitSampler.start(serviceDatabase, name)) {
        service.add(run(name + " (round " + round + ")", MEASURE, call));
      }
      try (var sampler = WaitSampler.start(referenceDatabase, referenceName)) {
        reference.add(pgbench(referenceName + " (round " + round + ")", referenceDatabase, script));
      }
    }
  }

  private static void printRounds(List<Phase> service, List<Phase> reference) {
    for (int i = 0; i < service.size(); i++) {
      System.out.println(service.get(i));
      System.out.println(reference.get(i));
    }
  }

  /** The median of the rounds' ratios, and median over median. */
  private static String ratio(List<Phase> service, List<Phase> reference) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < service.size(); i++) {
      if (reference.get(i).calls() > 0) {
        ratios.add(service.get(i).perSecond() / reference.get(i).perSecond());
      }
    }
    if (ratios.isEmpty()) {
      return "n/a (no pgbench figure in this run)";
    }
    return String.format(
        Locale.ROOT,
        "%.2f median of the rounds' ratios %s, %.2f median over median",
        median(ratios),
        ratios.stream()
            .map(r -> String.format(Locale.ROOT, "%.2f", r))
            .collect(java.util.stream.Collectors.joining(", ", "(", ")")),
        median(service.stream().map(Phase::perSecond).toList())
            / median(reference.stream().map(Phase::perSecond).toList()));
  }

  /** A database of the service's schema with 100 000 drafts whose ids pgbench can compute. */
  private static TestDatabase preparePgbenchDatabase() throws Exception {
    TestDatabase database = TestDatabase.create();
    List<MigrationSet> migrations =
        new ArrayList<>(List.of(IdempotencyStore.MIGRATIONS, Outbox.MIGRATIONS, Inbox.MIGRATIONS));
    migrations.addAll(InvoicingMain.DESCRIPTOR.migrations());
    Database.start(
            DatabaseConfig.forUrl(database.jdbcUrl(), database.username(), database.password()),
            migrations)
        .close();
    try (Connection setup = database.connect()) {
      DSLContext db = DSL.using(setup, SQLDialect.POSTGRES);
      insertDrafts(db, 100_000, true);
      db.execute("vacuum analyze");
    }
    return database;
  }

  /**
   * Rounds of {@code call} until a round's JIT compiler threads used less than {@link
   * #QUIET_COMPILER_SHARE} of a core, or {@link #WARM_UP_MAX} passed.
   */
  private static void warmUp(String name, IntFunction<Runnable> call) throws Exception {
    AtomicInteger round = new AtomicInteger();
    WarmUp.Outcome outcome =
        WarmUp.untilCompiled(
            () -> run("warm-up " + name + " " + round.incrementAndGet(), WARM_UP_ROUND, call),
            QUIET_COMPILER_SHARE,
            WARM_UP_MAX);
    System.out.println("warm-up " + name + ": " + outcome.describe());
  }

  /** Runs {@link #CALLERS} callers, each repeating its call, for {@code duration}. */
  private static Phase run(String name, Duration duration, IntFunction<Runnable> callFor)
      throws Exception {
    AtomicLong failures = new AtomicLong();
    long deadline = System.nanoTime() + duration.toNanos();
    List<Future<long[]>> callers = new ArrayList<>();
    var cpu = CpuSplit.start();
    Duration jvmCpuBefore = jvmCpu();
    long start = System.nanoTime();
    // Platform threads: virtual ones would queue on the same carriers as the server's handlers,
    // and a client's work would then delay the handler that holds the counter row.
    try (ExecutorService threads = Executors.newFixedThreadPool(CALLERS)) {
      for (int i = 0; i < CALLERS; i++) {
        Runnable call = callFor.apply(i);
        callers.add(
            threads.submit(
                () -> {
                  long[] latencies = new long[1 << 16];
                  int count = 0;
                  while (System.nanoTime() < deadline) {
                    long before = System.nanoTime();
                    try {
                      call.run();
                    } catch (RuntimeException e) {
                      if (failures.incrementAndGet() <= 3) {
                        System.err.println(name + ": " + e);
                      }
                      continue;
                    }
                    if (count == latencies.length) {
                      latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = (System.nanoTime() - before) / 1_000;
                  }
                  return Arrays.copyOf(latencies, count);
                }));
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Duration jvmCpuUsed = jvmCpu().minus(jvmCpuBefore);
    String cpuReport = cpu.report();
    CpuSplit.JvmShare share = cpu.jvmShare();
    long[] all = new long[0];
    for (Future<long[]> caller : callers) {
      long[] latencies = caller.get();
      long[] merged = Arrays.copyOf(all, all.length + latencies.length);
      System.arraycopy(latencies, 0, merged, all.length, latencies.length);
      all = merged;
    }
    Arrays.sort(all);
    Phase phase =
        new Phase(
            name,
            all.length,
            failures.get(),
            elapsed,
            all.length == 0 ? 0 : all[all.length / 2],
            all.length == 0 ? 0 : all[(int) (all.length * 0.99)]);
    System.out.println(phase);
    // This JVM holds the service, its relay and the 64 callers: its CPU per call is what a change
    // of the service's code moves, less noisy on a shared machine than the rate. Less still
    // without the JIT compiler's and the collector's threads: a phase that runs while C2 still
    // compiles pays for that compilation (seen: 2.5 to 4.5 ms per payment in runs of one commit).
    double seconds = jvmCpuUsed.toNanos() / 1e9;
    double code = Math.max(0, seconds - share.compilerSeconds() - share.gcSeconds());
    System.out.printf(
        Locale.ROOT,
        "%34s%s%n%34sthis JVM %.0f µs CPU per call, %.0f µs of it outside JIT compilation and GC%n",
        "",
        cpuReport,
        "",
        all.length == 0 ? 0.0 : seconds * 1e6 / all.length,
        all.length == 0 ? 0.0 : code * 1e6 / all.length);
    return phase;
  }

  /** CPU time this JVM has used so far (every thread), or zero where the OS does not tell. */
  private static Duration jvmCpu() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /**
   * {@code count} EUR 10.00 drafts of one untaxed line, straight into the tables (setting them up
   * through the API would take longer than the benchmark). With {@code derivedIds} the id of draft
   * {@code n} is {@code md5(n)}, so a pgbench script can address a random one.
   */
  private static List<String> insertDrafts(DSLContext db, int count, boolean derivedIds) {
    String id = derivedIds ? "md5(n::text)::uuid" : "gen_random_uuid()";
    db.execute(
        """
        create unlogged table bench_draft as
          select n, %s as invoice_id from generate_series(1, %d) n"""
            .formatted(id, count));
    db.execute(
        """
        insert into invoice (invoice_id, customer_id, currency_code, status, subtotal_minor, tax_minor,
                             total_minor, create_time, update_time, version)
        select invoice_id, 'bench-' || (n % 1000), 'EUR', 'DRAFT', 1000, 0, 1000, now(), now(), 2
        from bench_draft""");
    db.execute(
        """
        insert into invoice_line (invoice_id, line_id, position, description, quantity_milli,
                                  unit_price_minor, tax_rate_bps, amount_minor)
        select invoice_id, gen_random_uuid(), 0, 'Monitoring, one device-month', 1000, 1000, 0, 1000
        from bench_draft""");
    List<String> ids =
        db.fetch("select invoice_id::text from bench_draft order by n").getValues(0, String.class);
    db.execute("drop table bench_draft");
    return ids;
  }

  /** The series of every year the run issued in must be 1..n without a gap or a duplicate. */
  private static String checkGapless(DSLContext db) {
    StringBuilder report = new StringBuilder();
    boolean gapless = true;
    for (Record row :
        db.fetch(
            """
        select number_year, count(*), count(distinct number_sequence), min(number_sequence), max(number_sequence),
               (select last_sequence from invoice_number_counter c where c.year = number_year)
        from invoice where number_year is not null group by number_year order by number_year""")) {
      long count = row.get(1, Long.class);
      boolean ok =
          count == row.get(2, Long.class)
              && row.get(3, Long.class) == 1
              && row.get(4, Long.class) == count
              && row.get(5, Long.class) == count;
      gapless &= ok;
      report.append(
          String.format(
              "numbers %d: %d issued, sequences %d..%d, counter %d -> %s%n",
              row.get(0, Integer.class),
              count,
              row.get(3, Long.class),
              row.get(4, Long.class),
              row.get(5, Long.class),
              ok ? "gapless" : "GAP OR DUPLICATE"));
    }
    report.append(gapless ? "zero gaps" : "GAPS FOUND");
    if (!gapless) {
      System.err.println(report);
    }
    return report.toString();
  }

  private static final String ISSUE_SCRIPT =
      """
      \\set n random(1, 100000)
      BEGIN;
      INSERT INTO invoice_number_counter (year, last_sequence) VALUES (2026, 1) ON CONFLICT (year) DO UPDATE SET last_sequence = invoice_number_counter.last_sequence + 1 RETURNING last_sequence \\gset
      UPDATE invoice SET status = 'ISSUED', number_year = 2026, number_sequence = :last_sequence, issue_time = now(), due_time = now() + interval '30 days', subtotal_minor = 1000, tax_minor = 0, total_minor = 1000, amount_paid_minor = 0, version = version + 1, update_time = now() WHERE invoice_id = md5(:n::text)::uuid;
      INSERT INTO invoice_tax (invoice_id, tax_rate_bps, taxable_minor, tax_minor) VALUES (md5(:n::text)::uuid, 0, 1000, 0) ON CONFLICT DO NOTHING;
      WITH counter AS (INSERT INTO outbox_aggregate AS a (aggregate_type, aggregate_id, last_seq) VALUES ('invoice', md5(:n::text), 1) ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET last_seq = a.last_seq + 1 RETURNING a.last_seq) INSERT INTO outbox_event (event_id, aggregate_type, aggregate_id, aggregate_version, subject, event_type, content_type, payload, headers, occur_time, aggregate_seq) SELECT gen_random_uuid(), 'invoice', md5(:n::text), 3, 'invoicing.invoice.issued', 'fieldops.invoicing.v1.InvoiceIssued', 'application/protobuf', convert_to(repeat('x', 220), 'UTF8'), '{}'::jsonb, now(), counter.last_seq FROM counter;
      END;
      """;

  private static final String PAYMENT_SCRIPT =
      """
      \\set n random(1, 100000)
      \\set r random(1, 2000000000)
      BEGIN;
      INSERT INTO idempotency_record (request_id, operation, request_hash) VALUES (md5(:client_id || ':' || :r)::uuid, 'fieldops.invoicing.v1.InvoicingService/RecordPayment', sha256(convert_to(:r::text, 'UTF8'))) ON CONFLICT (request_id) DO NOTHING;
      INSERT INTO payment (payment_id, invoice_id, position, amount_minor, payment_reference, record_time, receive_time) VALUES (gen_random_uuid(), md5(:n::text)::uuid, :r, 1, 'bank-' || :client_id || '-' || :r, now(), now()) ON CONFLICT DO NOTHING;
      UPDATE invoice SET amount_paid_minor = amount_paid_minor + 1, version = version + 1, update_time = now() WHERE invoice_id = md5(:n::text)::uuid;
      WITH counter AS (INSERT INTO outbox_aggregate AS a (aggregate_type, aggregate_id, last_seq) VALUES ('invoice', md5(:n::text), 1) ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET last_seq = a.last_seq + 1 RETURNING a.last_seq) INSERT INTO outbox_event (event_id, aggregate_type, aggregate_id, aggregate_version, subject, event_type, content_type, payload, headers, occur_time, aggregate_seq) SELECT gen_random_uuid(), 'invoice', md5(:n::text), 4, 'invoicing.invoice.payment_recorded', 'fieldops.invoicing.v1.PaymentRecorded', 'application/protobuf', convert_to(repeat('x', 260), 'UTF8'), '{}'::jsonb, now(), counter.last_seq FROM counter;
      UPDATE idempotency_record SET response = convert_to(repeat('y', 900), 'UTF8') WHERE request_id = md5(:client_id || ':' || :r)::uuid;
      END;
      """;

  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

  private static Phase pgbench(String name, TestDatabase database, String script)
      throws IOException, InterruptedException {
    Path file = Files.createTempFile("invoicing-bench", ".sql");
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
      URIParts target = URIParts.of(database.jdbcUrl());
      List<String> command =
          List.of(
              PGBENCH,
              "-n",
              "-M",
              "prepared",
              "-c",
              Integer.toString(CALLERS),
              "-j",
              "2",
              "-T",
              Long.toString(MEASURE.toSeconds()),
              "-f",
              file.toString(),
              "-h",
              target.host(),
              "-p",
              target.port(),
              "-U",
              database.username(),
              database.name());
      Pgbench.Run run = Pgbench.run(command);
      String output = run.output();
      int exit = run.exit();
      Matcher tps = TPS.matcher(output);
      if (exit != 0 || !tps.find()) {
        // Reported rather than thrown: the service's figures measured before it still count.
        System.out.println(name + ": no figure, pgbench failed (exit " + exit + "):\n" + output);
        return new Phase(name, 0, 0, MEASURE, 0, 0);
      }
      Matcher latency = LATENCY.matcher(output);
      long averageMicros =
          latency.find() ? (long) (Double.parseDouble(latency.group(1)) * 1000) : 0;
      double perSecond = Double.parseDouble(tps.group(1));
      Phase phase =
          new Phase(name, (long) (perSecond * MEASURE.toSeconds()), 0, MEASURE, averageMicros, 0);
      System.out.println(phase + " (latency is pgbench's average)");
      return phase;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Host and port of a {@code jdbc:postgresql://host:port/db} URL. */
  private record URIParts(String host, String port) {
    static URIParts of(String jdbcUrl) {
      Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/.*").matcher(jdbcUrl);
      if (!m.matches()) {
        throw new IllegalArgumentException("unexpected JDBC URL " + jdbcUrl);
      }
      return new URIParts(m.group(1), m.group(2) == null ? "5432" : m.group(2));
    }
  }
}
