package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /v1/signpost/services}: every service with its instances counted by status and the DNS policy its
 * answers are made with (defaults filled in), for an overview such as the dashboard's.
 *
 * @param domain the domain services are published under; null without a DNS side
 */
record ServiceSummaryJson(
    @JsonProperty("Domain") String domain,
    @JsonProperty("Services") List<Service> services) {

  /**
   * One service.
   *
   * @param ttl the answers' TTL in seconds: the policy's own, else {@code --ttl}; null without a DNS side
   * @param answerLimit at most this many records in an answer; 0 means no limit
   * @param ownPolicy whether the service has a stored policy ({@code /v1/signpost/policy/{service}})
   */
  record Service(
      @JsonProperty("Name") String name,
      @JsonProperty("Tags") List<String> tags,
      @JsonProperty("Instances") int instances,
      @JsonProperty("Passing") int passing,
      @JsonProperty("Warning") int warning,
      @JsonProperty("Critical") int critical,
      @JsonProperty("Maintenance") int maintenance,
      @JsonProperty("Strategy") String strategy,
      @JsonProperty("TTL") Long ttl,
      @JsonProperty("AnswerLimit") int answerLimit,
      @JsonProperty("OwnPolicy") boolean ownPolicy) {}
}
