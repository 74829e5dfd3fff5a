package dev.fieldops.nats;

import java.util.ArrayList;
import java.util.List;

/**
 * How an existing stream differs from its {@link StreamSpec}, in two kinds an operator treats
 * differently:
 *
 * <ul>
 *   <li>{@link #unusable()}: the stream cannot hold the context's events as they must be held: it
 *       does not capture every declared subject (events would be refused or go elsewhere), keeps
 *       them in memory (lost at the next broker restart) or with another retention (a work queue or
 *       interest stream deletes what one consumer acknowledged, before the other contexts read it);
 *   <li>{@link #limits()}: the stream works, but its replicas, limits, discard policy or extra
 *       subjects are not what the configuration says (an operator changed the stream, or the
 *       configuration, and not the other). Events flow; the difference is reported until one of the
 *       two is brought in line.
 * </ul>
 *
 * @param unusable what makes the stream unusable, in words ({@code storage memory (expected
 *     file)}); empty when usable
 * @param limits what differs in the limits, in words ({@code replicas 3 (expected 1)})
 */
public record StreamDifferences(List<String> unusable, List<String> limits) {

  public StreamDifferences {
    unusable = List.copyOf(unusable);
    limits = List.copyOf(limits);
  }

  /** The stream is exactly as declared. */
  public static StreamDifferences none() {
    return new StreamDifferences(List.of(), List.of());
  }

  /** Nothing differs. */
  public boolean matches() {
    return unusable.isEmpty() && limits.isEmpty();
  }

  /** The stream can hold the context's events (its limits may still differ). */
  public boolean usable() {
    return unusable.isEmpty();
  }

  /** Every difference, the unusable ones first, separated by {@code ;}; empty when it matches. */
  public String describe() {
    List<String> all = new ArrayList<>(unusable);
    all.addAll(limits);
    return String.join("; ", all);
  }

  @Override
  public String toString() {
    return matches() ? "no difference" : describe();
  }
}
