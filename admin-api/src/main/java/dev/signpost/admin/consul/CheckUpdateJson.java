package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code PUT /v1/agent/check/update/{id}}: a TTL check's new status and its output. */
record CheckUpdateJson(@JsonProperty("Status") String status, @JsonProperty("Output") String output) {}
