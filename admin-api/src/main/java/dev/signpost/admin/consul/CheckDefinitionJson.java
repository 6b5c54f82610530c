package dev.signpost.admin.consul;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A check definition: inside a service definition ({@code Check} or an element of {@code Checks}), or
 * alone as the body of {@code PUT /v1/agent/check/register}, with the snake_case aliases Consul's decoder
 * also accepts. Durations are Go duration strings or integer nanoseconds. The trailing fields are check
 * kinds Consul has and Signpost does not: they are read only to be refused with a clear message instead
 * of being ignored.
 *
 * @param serviceId the instance a check registered alone belongs to; ignored inside a service definition,
 *     whose checks belong to the service being defined (as in Consul)
 */
record CheckDefinitionJson(
    @JsonProperty("CheckID") @JsonAlias({"ID", "check_id"}) String checkId,
    @JsonProperty("Name") String name,
    @JsonProperty("Notes") String notes,
    @JsonProperty("ServiceID") @JsonAlias("service_id") String serviceId,
    @JsonProperty("HTTP") String http,
    @JsonProperty("Method") String method,
    @JsonProperty("Header") Map<String, List<String>> header,
    @JsonProperty("TLSSkipVerify") @JsonAlias("tls_skip_verify") Boolean tlsSkipVerify,
    @JsonProperty("DisableRedirects") @JsonAlias("disable_redirects") Boolean disableRedirects,
    @JsonProperty("TCP") String tcp,
    @JsonProperty("TTL") Duration ttl,
    @JsonProperty("Interval") Duration interval,
    @JsonProperty("Timeout") Duration timeout,
    @JsonProperty("Status") String status,
    @JsonProperty("SuccessBeforePassing") @JsonAlias("success_before_passing") Integer successBeforePassing,
    @JsonProperty("FailuresBeforeWarning") @JsonAlias("failures_before_warning") Integer failuresBeforeWarning,
    @JsonProperty("FailuresBeforeCritical") @JsonAlias("failures_before_critical") Integer failuresBeforeCritical,
    @JsonProperty("DeregisterCriticalServiceAfter") @JsonAlias("deregister_critical_service_after")
        Duration deregisterCriticalServiceAfter,
    @JsonProperty("GRPC") Object grpc,
    @JsonProperty("UDP") Object udp,
    @JsonProperty("H2PING") Object h2ping,
    @JsonProperty("Args") @JsonAlias({"ScriptArgs", "script_args"}) Object args,
    @JsonProperty("AliasService") @JsonAlias("alias_service") Object aliasService,
    @JsonProperty("OSService") Object osService) {

  /** The name of the first unsupported check kind this check sets, if any. */
  String unsupportedKind() {
    Object[] values = {grpc, udp, h2ping, args, aliasService, osService};
    String[] names = {"GRPC", "UDP", "H2PING", "Args", "AliasService", "OSService"};
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null && !"".equals(values[i])) {
        return names[i];
      }
    }
    return null;
  }
}
