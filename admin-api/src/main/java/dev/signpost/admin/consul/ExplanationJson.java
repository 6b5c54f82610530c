package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signpost.admin.AnswerExplanation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/signpost/explain}'s body: an {@link AnswerExplanation} in the PascalCase of the other
 * {@code /v1/signpost} endpoints; what is absent is null.
 */
record ExplanationJson(
    @JsonProperty("Name") String name,
    @JsonProperty("Type") String type,
    @JsonProperty("Client") String client,
    @JsonProperty("ClientZone") String clientZone,
    @JsonProperty("Form") String form,
    @JsonProperty("Parts") Map<String, String> parts,
    @JsonProperty("Outcome") String outcome,
    @JsonProperty("Rcode") String rcode,
    @JsonProperty("Service") String service,
    @JsonProperty("Policy") PolicyJson policy,
    @JsonProperty("FailingOpen") boolean failingOpen,
    @JsonProperty("Instances") List<CandidateJson> instances,
    @JsonProperty("Order") List<String> order,
    @JsonProperty("Answer") List<String> answer,
    @JsonProperty("Authority") List<String> authority,
    @JsonProperty("Additional") List<String> additional,
    @JsonProperty("Note") String note) {

  /** The policy as applied: the TTL and answer limit the answer was made with, defaults resolved. */
  record PolicyJson(
      @JsonProperty("Strategy") String strategy,
      @JsonProperty("TTL") long ttl,
      @JsonProperty("AnswerLimit") int answerLimit) {}

  record CandidateJson(
      @JsonProperty("ID") String id,
      @JsonProperty("Address") String address,
      @JsonProperty("Port") int port,
      @JsonProperty("Status") String status,
      @JsonProperty("Answered") boolean answered,
      @JsonProperty("Reason") String reason,
      @JsonProperty("Position") Integer position,
      @JsonProperty("Priority") Integer priority,
      @JsonProperty("Checks") List<CheckJson> checks) {}

  /** A candidate's check; {@code Since} (when its status last changed, ISO-8601 UTC) null when unknown. */
  record CheckJson(
      @JsonProperty("CheckID") String checkId,
      @JsonProperty("Name") String name,
      @JsonProperty("Status") String status,
      @JsonProperty("Output") String output,
      @JsonProperty("Since") String since) {}

  static ExplanationJson of(AnswerExplanation e) {
    List<CandidateJson> instances = e.instances().stream()
        .map(c -> new CandidateJson(c.id(), c.address(), c.port(), c.status(), c.answered(), c.reason(),
            c.answered() ? c.position() : null, c.answered() ? c.priority() : null,
            c.checks().stream().map(k -> new CheckJson(k.checkId(), k.name(), k.status(), k.output(),
                k.since().map(at -> at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse(null)))
                .toList()))
        .toList();
    PolicyJson policy = e.policy().map(p -> new PolicyJson(p.strategy(), p.ttl(), p.answerLimit())).orElse(null);
    return new ExplanationJson(e.name(), e.type(), e.client(), e.clientZone().orElse(null), e.form(),
        new TreeMap<>(e.parts()), e.outcome(), e.rcode().orElse(null), e.service().orElse(null), policy,
        e.failingOpen(), instances, e.order(), e.answer(), e.authority(), e.additional(),
        e.note().isEmpty() ? null : e.note());
  }
}
