package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Consul's {@code Locality}. */
record LocalityJson(@JsonProperty("Region") String region, @JsonProperty("Zone") String zone) {}
