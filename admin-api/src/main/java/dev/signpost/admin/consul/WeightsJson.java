package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Consul's {@code Weights}; either number may be absent in a request. */
record WeightsJson(@JsonProperty("Passing") Integer passing, @JsonProperty("Warning") Integer warning) {}
