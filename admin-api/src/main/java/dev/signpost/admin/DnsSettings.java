package dev.signpost.admin;

import java.util.Objects;

/**
 * What the DNS side publishes under, for pages that show a service's DNS names and answers (the dashboard):
 * the domain ({@code --domain}) and the TTL of answers whose policy sets none ({@code --ttl}).
 *
 * @param domain without the final dot ({@code service.local})
 * @param ttl seconds
 */
public record DnsSettings(String domain, long ttl) {

  public DnsSettings {
    Objects.requireNonNull(domain, "domain");
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    if (ttl < 0) {
      throw new IllegalArgumentException("ttl must not be negative: " + ttl);
    }
  }
}
