package dev.signpost.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a question gets its answer: what its name means, which instances of the service were considered and
 * why each is or is not in the answer, the policy, and the records exactly as a query from that client would
 * get them now (zone-file text).
 *
 * @param clientZone the client's zone ({@code --client-zone}); empty when it is in none
 * @param form the name's form ({@code Service}, {@code RfcService}, {@code OutOfZone}, ...)
 * @param parts what the form holds ({@code Service}, {@code Tags}, {@code Protocol}, ...), as text
 * @param outcome {@code answered}, or for a name that is not ours {@code not authoritative: forwarded} or
 *     {@code not authoritative: refused}
 * @param rcode {@code NOERROR}, {@code NODATA} or {@code NXDOMAIN}; empty when not authoritative
 * @param service the service the name asks for; empty for every other form
 * @param policy the service's policy as applied; empty without a service
 * @param failingOpen whether the service is served failing open (every instance failing its checks)
 * @param instances every instance of the service, in id order, each with whether and why it is answered
 * @param order the ids of the answered instances, in the order the strategy and tiers gave this client
 * @param note what the explanation could not avoid or cannot promise (a stateful or random strategy); may be
 *     empty
 */
public record AnswerExplanation(
    String name,
    String type,
    String client,
    Optional<String> clientZone,
    String form,
    Map<String, String> parts,
    String outcome,
    Optional<String> rcode,
    Optional<String> service,
    Optional<Policy> policy,
    boolean failingOpen,
    List<Candidate> instances,
    List<String> order,
    List<String> answer,
    List<String> authority,
    List<String> additional,
    String note) {

  public AnswerExplanation {
    parts = Map.copyOf(parts);
    instances = List.copyOf(instances);
    order = List.copyOf(order);
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }

  /**
   * The policy a service's answer was made with.
   *
   * @param ttl seconds, the policy's own or the zone's (1 while failing open)
   * @param answerLimit at most this many instances; 0 means no limit
   */
  public record Policy(String strategy, long ttl, int answerLimit) {}

  /**
   * One instance of the service.
   *
   * @param status its health: {@code passing}, {@code warning}, {@code critical} or {@code maintenance}
   * @param answered whether it is in the answer
   * @param reason why it is or is not, in words ({@code check web-http critical: HTTP 503},
   *     {@code maintenance: deploying}, {@code no tag canary}, {@code cut by the answer limit (2)}, ...)
   * @param position its place in the answer from 1; 0 when not answered
   * @param priority its SRV priority (tier) for this client: 1 local passing, 2 passing elsewhere, 3 the rest;
   *     0 when not answered
   * @param checks each of its checks, with its status and since when
   */
  public record Candidate(String id, String address, int port, String status, boolean answered, String reason,
      int position, int priority, List<Check> checks) {

    public Candidate {
      checks = List.copyOf(checks);
    }

    /** A candidate without its checks listed. */
    public Candidate(String id, String address, int port, String status, boolean answered, String reason,
        int position, int priority) {
      this(id, address, port, status, answered, reason, position, priority, List.of());
    }
  }

  /**
   * One check of a candidate.
   *
   * @param since when its status last changed; empty when unknown (a state recorded before Signpost kept it)
   */
  public record Check(String checkId, String name, String status, String output, Optional<Instant> since) {}
}
