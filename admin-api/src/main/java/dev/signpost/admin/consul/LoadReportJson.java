package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code PUT /v1/signpost/instance/{id}/load}: the instance's own count of open connections. */
record LoadReportJson(@JsonProperty("ActiveConnections") Long activeConnections) {}
