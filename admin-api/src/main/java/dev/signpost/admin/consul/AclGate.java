package dev.signpost.admin.consul;

import dev.signpost.admin.AclConfig;
import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.http.Endpoint;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclRules;
import dev.signpost.core.acl.AclToken;
import dev.signpost.core.acl.Authorizer;
import dev.signpost.core.acl.Authorizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.BiPredicate;

/**
 * The one place the API decides what a request's token may do: it finds the token, merges its policies'
 * rules into an {@link Authorizer}, and refuses with Consul's words. Routes declare what they need in
 * {@link ConsulApi}'s table ({@link #require}); resources that act on a named service ask
 * {@link #requireServiceWrite}, and lists keep what a {@link #readFilter} lets through.
 */
final class AclGate {

  /** Consul's answer when a token may not do what it asks. */
  static final String PERMISSION_DENIED = "Permission denied";
  /** Consul's answer for a token it does not know. */
  static final String ACL_NOT_FOUND = "ACL not found";
  /** Set on a read that left out what the token may not see, as Consul does. */
  static final String FILTERED_HEADER = "X-Consul-Results-Filtered-By-ACLs";

  /** What a route needs beyond what its resource checks itself. */
  enum Need {
    /** Nothing (status endpoints, bootstrap), or what the resource checks on the service it acts on. */
    NONE((a, node) -> true),
    AGENT_READ((a, node) -> a.agentRead(node)),
    /** {@code /metrics}: Prometheus scrapes with a token that has agent or operator read. */
    METRICS_READ((a, node) -> a.agentRead(node) || a.operatorRead()),
    OPERATOR_WRITE((a, node) -> a.operatorWrite()),
    ACL_READ((a, node) -> a.aclRead()),
    ACL_WRITE((a, node) -> a.aclWrite());

    private final BiPredicate<Authorizer, String> allows;

    Need(BiPredicate<Authorizer, String> allows) {
      this.allows = allows;
    }
  }

  private final ServiceDiscovery discovery;
  private final AclConfig config;
  /** This agent's node name, for {@code agent:read}. */
  private final String node;
  /** Parsed rules by policy id and modify index: a policy's text is parsed once per version. */
  private final Map<String, AclRules> parsed = new ConcurrentHashMap<>();

  AclGate(ServiceDiscovery discovery, AclConfig config, String node) {
    this.discovery = discovery;
    this.config = config;
    this.node = node;
  }

  boolean enabled() {
    return config.enabled();
  }

  /**
   * What the request's token may do: everything with ACLs off; the default policy alone without a token
   * (Consul's anonymous token).
   *
   * @throws ApiException 403 {@value #ACL_NOT_FOUND} for a token that does not exist
   */
  Authorizer authorizer(ApiRequest request) {
    if (!config.enabled()) {
      return Authorizers.management(); // ACLs off: everything, as before they existed
    }
    Optional<String> secret = request.aclToken();
    if (secret.isEmpty()) {
      return Authorizers.of(List.of(), config.defaultAllow());
    }
    AclToken token = discovery.acl().tokenBySecret(secret.get())
        .orElseThrow(() -> new ApiException(403, ACL_NOT_FOUND));
    return authorizer(token);
  }

  /** The token the request carries, if ACLs are on and it exists. */
  Optional<AclToken> token(ApiRequest request) {
    return request.aclToken().flatMap(s -> discovery.acl().tokenBySecret(s));
  }

  Authorizer authorizer(AclToken token) {
    if (token.management()) {
      return Authorizers.management();
    }
    List<AclRules> rules = new ArrayList<>();
    for (String id : token.policyIds()) {
      // A policy deleted since the token linked it grants nothing, as in Consul.
      discovery.acl().policy(id).ifPresent(p -> rules.add(rules(p)));
    }
    return Authorizers.of(rules, config.defaultAllow());
  }

  private AclRules rules(AclPolicy policy) {
    return parsed.computeIfAbsent(policy.id() + "@" + policy.modifyIndex(), k -> AclRules.parse(policy.rules()));
  }

  /** {@code endpoint}, run only when the token has what {@code need} asks. */
  Endpoint require(Need need, Endpoint endpoint) {
    return request -> {
      check(need, request);
      return endpoint.handle(request);
    };
  }

  /** As {@link #require(Need, Endpoint)}, for a plain read. */
  Function<ApiRequest, ApiResponse> readRequiring(Need need, Function<ApiRequest, ApiResponse> read) {
    return request -> {
      check(need, request);
      return read.apply(request);
    };
  }

  private void check(Need need, ApiRequest request) {
    if (need != Need.NONE && !need.allows.test(authorizer(request), node)) {
      throw new ApiException(403, PERMISSION_DENIED);
    }
  }

  /** @throws ApiException 403 unless the token may write {@code service} */
  void requireServiceWrite(ApiRequest request, String service) {
    requireAllowed(authorizer(request).serviceWrite(service));
  }

  /** @throws ApiException 403 unless the token may read {@code service} */
  void requireServiceRead(ApiRequest request, String service) {
    requireAllowed(authorizer(request).serviceRead(service));
  }

  /** @throws ApiException 403 unless the token may read operator information */
  void requireOperatorRead(ApiRequest request) {
    requireAllowed(authorizer(request).operatorRead());
  }

  /** @throws ApiException Consul's 403 unless {@code allowed}: what every refused right answers */
  static void requireAllowed(boolean allowed) {
    if (!allowed) {
      throw new ApiException(403, PERMISSION_DENIED);
    }
  }

  /** What the request may read, for filtering a list; it remembers whether it left anything out. */
  ReadFilter readFilter(ApiRequest request) {
    return new ReadFilter(authorizer(request), node);
  }

  /**
   * Lets through what one request's token may read and remembers whether it refused anything, so the
   * reply can say it was filtered ({@value #FILTERED_HEADER}), as Consul's does. One per request.
   */
  static final class ReadFilter {
    private final Authorizer authorizer;
    private final String node;
    private boolean filtered;

    private ReadFilter(Authorizer authorizer, String node) {
      this.authorizer = authorizer;
      this.node = node;
    }

    /** Whether the token may read {@code service}. */
    boolean service(String service) {
      return noted(authorizer.serviceRead(service));
    }

    /** Whether the token may read this agent's node (its own check, {@code serfHealth}). */
    boolean node() {
      return node(node);
    }

    /** Whether the token may read the node called {@code name} (a member, a catalog node). */
    boolean node(String name) {
      return noted(authorizer.nodeRead(name));
    }

    /** Whether the token may read the key/value store's {@code key}. */
    boolean key(String key) {
      return noted(authorizer.keyRead(key));
    }

    /** {@code response}, marked as filtered if anything was refused. */
    ApiResponse mark(ApiResponse response) {
      return filtered ? response.withHeader(FILTERED_HEADER, "true") : response;
    }

    private boolean noted(boolean allowed) {
      filtered |= !allowed;
      return allowed;
    }
  }

  /**
   * @throws ApiException 403 unless the token may write the service of instance {@code id}; nothing is
   *     checked for an unknown id (the endpoint answers 404)
   */
  void requireInstanceWrite(ApiRequest request, String id) {
    discovery.instance(id).ifPresent(i -> requireServiceWrite(request, i.service().value()));
  }

  /** As {@link #requireInstanceWrite}, for the instance that has check {@code checkId}. */
  void requireCheckWrite(ApiRequest request, String checkId) {
    discovery.instanceByCheck(checkId).ifPresent(i -> requireServiceWrite(request, i.service().value()));
  }

}
