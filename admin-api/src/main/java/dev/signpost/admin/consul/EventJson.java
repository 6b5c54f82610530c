package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.events.HistoryEntry;

/**
 * One entry of {@code GET /v1/signpost/events}, in the PascalCase of the other {@code /v1/signpost} endpoints;
 * the same object is an event stream's {@code data}. What is absent is null ({@code Check} unless the type is
 * {@code health}; {@code Status} for policy and node entries and after a deregistration).
 */
record EventJson(
    @JsonProperty("Index") long index,
    @JsonProperty("Time") String time,
    @JsonProperty("Type") String type,
    @JsonProperty("Service") String service,
    @JsonProperty("Instance") String instance,
    @JsonProperty("Node") String node,
    @JsonProperty("By") String by,
    @JsonProperty("Status") String status,
    @JsonProperty("PreviousStatus") String previousStatus,
    @JsonProperty("InDns") boolean inDns,
    @JsonProperty("WasInDns") boolean wasInDns,
    @JsonProperty("Summary") String summary,
    @JsonProperty("Check") CheckJson check) {

  record CheckJson(
      @JsonProperty("CheckID") String checkId,
      @JsonProperty("Name") String name,
      @JsonProperty("Status") String status,
      @JsonProperty("PreviousStatus") String previousStatus,
      @JsonProperty("Output") String output) {}

  static EventJson of(HistoryEntry e) {
    return new EventJson(e.index(), e.time().toString(), e.type().wireName(), e.service(), e.instance(), e.node(),
        e.by(), e.status().map(HealthStatus::wireName).orElse(null),
        e.previousStatus().map(HealthStatus::wireName).orElse(null), e.inDns(), e.wasInDns(), e.summary(),
        e.check().map(c -> new CheckJson(c.checkId(), c.name(), c.status().wireName(),
            c.previousStatus().wireName(), c.output())).orElse(null));
  }
}
