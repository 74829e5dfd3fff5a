package dev.fieldops.observability;

import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a process's traces are configured: the standard OpenTelemetry way, by the SDK's own
 * autoconfiguration reading the {@code OTEL_*} variables (so an operator's usual settings, and a
 * collector's documentation, apply unchanged), with three FieldOps defaults:
 *
 * <ul>
 *   <li>spans are exported by OTLP only when an endpoint is set ({@value #ENDPOINT} or {@value
 *       #TRACES_ENDPOINT}); without one nothing leaves the process, yet every RPC, transaction and
 *       event still gets its trace and span ids, which the log lines carry;
 *   <li>{@value #SERVICE_NAME} defaults to the service's name ({@code support}, {@code telemetry},
 *       {@code invoicing});
 *   <li>metrics and logs are not exported by OTLP (metrics are scraped from {@code /metrics}, logs
 *       go to stdout) unless {@value #METRICS_EXPORTER} or {@value #LOGS_EXPORTER} say otherwise;
 *   <li>the batch span processor holds up to {@value #DEFAULT_BSP_MAX_QUEUE_SIZE} spans ({@value
 *       #BSP_MAX_QUEUE_SIZE}, the SDK's default 2,048) and sends them in requests of up to {@value
 *       #DEFAULT_BSP_MAX_EXPORT_BATCH_SIZE} ({@value #BSP_MAX_EXPORT_BATCH_SIZE}, the SDK's 512): a
 *       relay publishing 30,000 events a second at full sampling makes as many spans, which the
 *       SDK's queue dropped by the thousand, and each OTLP request costs the process about as much
 *       as encoding a few hundred spans, so fewer, larger requests cost less per span (a request of
 *       4,096 spans is about 2 MB, well under a collector's default limit of 20 MiB).
 * </ul>
 *
 * <p>Sampling is the SDK's: {@value #SAMPLER} (default {@code parentbased_always_on}) and {@value
 * #SAMPLER_ARG}, e.g. {@code parentbased_traceidratio} with {@code 0.1} for one trace in ten.
 * {@value #SDK_DISABLED}{@code =true} turns the SDK off (no spans, no gRPC metrics). OTLP goes over
 * HTTP ({@value #PROTOCOL} {@code http/protobuf}, a collector's port 4318), the only protocol the
 * services ship a sender for.
 *
 * <p>The variables are read from the service's environment map (a test's or the process's) and, as
 * the SDK always does, from the process's environment and {@code otel.*} system properties; the map
 * wins.
 */
public final class TracingConfig {

  public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  public static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  public static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
  public static final String TRACES_EXPORTER = "OTEL_TRACES_EXPORTER";
  public static final String METRICS_EXPORTER = "OTEL_METRICS_EXPORTER";
  public static final String LOGS_EXPORTER = "OTEL_LOGS_EXPORTER";
  public static final String SERVICE_NAME = "OTEL_SERVICE_NAME";
  public static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
  public static final String SAMPLER = "OTEL_TRACES_SAMPLER";
  public static final String SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";
  public static final String SDK_DISABLED = "OTEL_SDK_DISABLED";
  public static final String BSP_MAX_QUEUE_SIZE = "OTEL_BSP_MAX_QUEUE_SIZE";
  public static final String BSP_MAX_EXPORT_BATCH_SIZE = "OTEL_BSP_MAX_EXPORT_BATCH_SIZE";

  /** Our default for {@value #BSP_MAX_QUEUE_SIZE}. */
  public static final int DEFAULT_BSP_MAX_QUEUE_SIZE = 16_384;

  /** Our default for {@value #BSP_MAX_EXPORT_BATCH_SIZE}. */
  public static final int DEFAULT_BSP_MAX_EXPORT_BATCH_SIZE = 4_096;

  private TracingConfig() {}

  /**
   * Sets up {@code builder}: the defaults above, the {@code OTEL_*} entries of {@code env} over the
   * process's, and {@code spanProcessors} added to the tracer provider.
   */
  static AutoConfiguredOpenTelemetrySdkBuilder configure(
      AutoConfiguredOpenTelemetrySdkBuilder builder,
      String serviceName,
      Map<String, String> env,
      List<SpanProcessor> spanProcessors) {
    Map<String, String> given = properties(env);
    return builder
        .disableShutdownHook()
        .addPropertiesSupplier(
            () ->
                Map.of(
                    property(SERVICE_NAME),
                    serviceName,
                    property(PROTOCOL),
                    "http/protobuf",
                    property(METRICS_EXPORTER),
                    "none",
                    property(LOGS_EXPORTER),
                    "none",
                    property(BSP_MAX_QUEUE_SIZE),
                    Integer.toString(DEFAULT_BSP_MAX_QUEUE_SIZE),
                    property(BSP_MAX_EXPORT_BATCH_SIZE),
                    Integer.toString(DEFAULT_BSP_MAX_EXPORT_BATCH_SIZE)))
        .addPropertiesCustomizer(
            process -> {
              Map<String, String> overrides = new HashMap<>(given);
              String exporter = property(TRACES_EXPORTER);
              if (!given.containsKey(exporter) && process.getString(exporter) == null) {
                boolean endpoint =
                    given.containsKey(property(ENDPOINT))
                        || given.containsKey(property(TRACES_ENDPOINT))
                        || process.getString(property(ENDPOINT)) != null
                        || process.getString(property(TRACES_ENDPOINT)) != null;
                overrides.put(exporter, endpoint ? "otlp" : "none");
              }
              // A smaller queue set on its own: our batch default must not exceed it.
              String queue =
                  given.getOrDefault(
                      property(BSP_MAX_QUEUE_SIZE),
                      process.getString(property(BSP_MAX_QUEUE_SIZE)));
              String batch = property(BSP_MAX_EXPORT_BATCH_SIZE);
              String batchSize = given.getOrDefault(batch, process.getString(batch));
              if (queue != null
                  && Integer.toString(DEFAULT_BSP_MAX_EXPORT_BATCH_SIZE).equals(batchSize)
                  && queue.trim().matches("[0-9]{1,9}")
                  && Integer.parseInt(queue.trim()) < DEFAULT_BSP_MAX_EXPORT_BATCH_SIZE) {
                overrides.put(batch, queue.trim());
              }
              return overrides;
            })
        .addTracerProviderCustomizer(
            (tracerProvider, config) -> {
              spanProcessors.forEach(tracerProvider::addSpanProcessor);
              return tracerProvider;
            });
  }

  /** The {@code OTEL_*} entries of {@code env} as the SDK's property names. */
  static Map<String, String> properties(Map<String, String> env) {
    Map<String, String> properties = new HashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_") && value != null && !value.isBlank()) {
            properties.put(property(name), value);
          }
        });
    return properties;
  }

  /** {@code OTEL_TRACES_SAMPLER} → {@code otel.traces.sampler}, as the SDK maps them. */
  static String property(String variable) {
    return variable.toLowerCase(Locale.ROOT).replace('_', '.');
  }
}
