package dev.signpost.core;

import java.util.Optional;

/**
 * Who else answers for a service's DNS name: the launcher's zone files serve names under the registry's
 * domain, and a service registered under one of them would clash with it. The registry asks before it
 * accepts a registration, so that nothing it acknowledged can make the next start or reload fail.
 */
@FunctionalInterface
public interface NameClaims {

  /** Nobody else serves names under the registry's domain. */
  NameClaims NONE = service -> Optional.empty();

  /**
   * @param service a valid service name
   * @return what serves that service's names instead (a zone file, named so that the user knows which),
   *     or empty when the name is free
   */
  Optional<String> claimant(String service);

  /** A registration refused because its service's name is served by something else. */
  final class ClaimedNameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClaimedNameException(String message) {
      super(message);
    }
  }
}
