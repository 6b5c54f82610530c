package dev.signpost.core;

/** Where an instance runs, as Consul's {@code Locality}; empty strings when unknown. */
public record Locality(String region, String zone) {

  public static final Locality NONE = new Locality("", "");

  public Locality {
    region = region == null ? "" : region;
    zone = zone == null ? "" : zone;
  }

  public boolean isEmpty() {
    return region.isEmpty() && zone.isEmpty();
  }
}
