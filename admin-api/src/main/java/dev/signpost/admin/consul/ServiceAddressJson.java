package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of a service's {@code TaggedAddresses}. */
record ServiceAddressJson(@JsonProperty("Address") String address, @JsonProperty("Port") int port) {}
