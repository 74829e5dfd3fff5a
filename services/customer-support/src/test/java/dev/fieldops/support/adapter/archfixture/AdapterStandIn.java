package dev.fieldops.support.adapter.archfixture;

/**
 * Stands in for a real adapter (none exists yet in this module) so that ArchitectureTest can show
 * that inner layers may not call adapters.
 */
public class AdapterStandIn {
  public void save() {}
}
