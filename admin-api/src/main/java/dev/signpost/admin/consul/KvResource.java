package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.http.BlockingQuery;
import dev.signpost.core.KeyValueStore;
import dev.signpost.core.KvEntry;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.acl.Authorizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consul's {@code /v1/kv/{key}}: read a key, the keys under a prefix ({@code ?recurse}) or their names
 * ({@code ?keys}, grouped up to {@code ?separator=}), or a value's bytes ({@code ?raw}); set one
 * ({@code ?flags=}, {@code ?cas=}) or delete one or a prefix. Reads report the index of the last change to
 * what they read, as Consul's, and block on it ({@code ?index=&wait=}): only a change to that key, or under
 * that prefix, wakes them. With ACLs on, a key needs {@code key:read} or {@code key:write}; a list leaves
 * out the keys the token may not read; a recursive delete needs write on every key under the prefix.
 */
final class KvResource {

  private final KeyValueStore kv;
  private final AclGate acl;

  KvResource(ServiceDiscovery discovery, AclGate acl) {
    this.kv = discovery.kv();
    this.acl = acl;
  }

  /** {@code GET /v1/kv/{key}}. */
  CompletionStage<ApiResponse> get(ApiRequest request) {
    String key = KvPath.key(request);
    boolean keys = request.query().containsKey("keys");
    boolean recurse = request.query().containsKey("recurse");
    boolean exact = !keys && !recurse;
    if (exact) {
      KeyValueStore.requireKey(key);
    } else {
      KeyValueStore.requirePrefix(key);
    }
    // Consul reads its old misspelling too, the right one winning.
    String separator = request.queryParam("separator").or(() -> request.queryParam("seperator")).orElse("");
    Authorizer authorizer = acl.authorizer(request);
    AclGate.requireAllowed(!exact || authorizer.keyRead(key));
    BlockingQuery.Params params = BlockingQuery.Params.of(request);
    if (!params.blocks()) {
      return CompletableFuture.completedFuture(read(request, key, keys, exact, separator));
    }
    BlockingQuery wait = new BlockingQuery(() -> index(key, exact), after -> kv.awaitAbove(key, exact, after));
    return wait.await(params, request.scheduler()).thenApply(v -> read(request, key, keys, exact, separator));
  }

  private ApiResponse read(ApiRequest request, String key, boolean keys, boolean exact, String separator) {
    // The index before the data, as the router reads it: a change between the two wakes the next poll.
    long at = Math.max(1, index(key, exact));
    ApiResponse response;
    if (exact) {
      Optional<KvEntry> entry = kv.get(key);
      if (entry.isEmpty()) {
        response = notFound();
      } else if (request.query().containsKey("raw")) {
        response = raw(entry.get());
      } else {
        response = ApiResponse.json(List.of(KvEntryJson.of(entry.get())));
      }
    } else {
      AclGate.ReadFilter readable = acl.readFilter(request);
      List<KvEntry> found = kv.list(key);
      if (keys) {
        List<String> names = names(key, found, separator).stream().filter(readable::key).toList();
        // As Consul: no names under the root is an empty list, under any other prefix a 404.
        response = names.isEmpty() && !key.isEmpty() ? notFound() : ApiResponse.json(names);
      } else {
        List<KvEntryJson> entries = found.stream().filter(e -> readable.key(e.key())).map(KvEntryJson::of).toList();
        response = entries.isEmpty() ? notFound() : ApiResponse.json(entries);
      }
      response = readable.mark(response);
    }
    return response.withHeader("X-Consul-Index", Long.toString(at));
  }

  private long index(String key, boolean exact) {
    return exact ? kv.keyIndex(key) : kv.prefixIndex(key);
  }

  /**
   * The key names under {@code prefix}; with a separator, each key that has it after the prefix is cut after
   * its first one, and the cut names are listed once (Consul's "folders").
   */
  static List<String> names(String prefix, List<KvEntry> found, String separator) {
    List<String> names = new ArrayList<>();
    String last = null;
    for (KvEntry e : found) {
      String name = e.key();
      int at = separator.isEmpty() ? -1 : name.indexOf(separator, prefix.length());
      if (at >= 0) {
        name = name.substring(0, at + separator.length());
      }
      if (!name.equals(last)) {
        names.add(name);
        last = name;
      }
    }
    return names;
  }

  private static ApiResponse notFound() {
    return new ApiResponse(404, null, null, Map.of());
  }

  /**
   * The value as it is, labelled {@code text/plain} whatever it holds and with the headers that keep a
   * browser from sniffing or running it, as Consul sends it: a value is anyone's input.
   */
  private static ApiResponse raw(KvEntry entry) {
    return ApiResponse.bytes(entry.value(), "text/plain").withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("Content-Security-Policy", "sandbox");
  }

  /** {@code PUT /v1/kv/{key}}: the body is the value; answers {@code true}, or {@code false} for a lost compare. */
  CompletionStage<ApiResponse> put(ApiRequest request) {
    String key = KvPath.key(request);
    refuseSessions(request);
    KeyValueStore.requireKey(key);
    long flags = request.queryParam("flags").map(f -> unsigned("flags", f)).orElse(0L);
    OptionalLong cas = cas(request);
    AclGate.requireAllowed(acl.authorizer(request).keyWrite(key));
    byte[] value = request.body();
    if (value.length > KeyValueStore.MAX_VALUE_BYTES) {
      throw bodyTooLarge(value.length);
    }
    return kv.put(key, value, flags, cas).thenApply(ApiResponse::json);
  }

  /** {@code DELETE /v1/kv/{key}}: one key, or with {@code ?recurse} every key under the prefix. */
  CompletionStage<ApiResponse> delete(ApiRequest request) {
    String key = KvPath.key(request);
    if (request.query().containsKey("recurse") && request.query().containsKey("cas")) {
      throw ApiException.badRequest("Conflicting flags: recurse and cas cannot be used together");
    }
    OptionalLong cas = cas(request);
    Authorizer authorizer = acl.authorizer(request);
    if (request.query().containsKey("recurse")) {
      KeyValueStore.requirePrefix(key);
      AclGate.requireAllowed(authorizer.keyWritePrefix(key));
      return kv.deleteTree(key).thenApply(ApiResponse::json);
    }
    KeyValueStore.requireKey(key);
    AclGate.requireAllowed(authorizer.keyWrite(key));
    return kv.delete(key, cas).thenApply(ApiResponse::json);
  }

  private static void refuseSessions(ApiRequest request) {
    for (String p : List.of("acquire", "release")) {
      if (request.query().containsKey(p)) {
        throw ApiException.badRequest("?" + p + "= is not supported: Signpost has no sessions, so no locks on keys");
      }
    }
  }

  private static OptionalLong cas(ApiRequest request) {
    return request.queryParam("cas").map(c -> OptionalLong.of(unsigned("cas", c))).orElse(OptionalLong.empty());
  }

  /** An unsigned 64-bit number, as Consul's {@code flags} and {@code cas}; a cas above 2^63 matches no index. */
  private static long unsigned(String name, String text) {
    try {
      long value = Long.parseUnsignedLong(text);
      return name.equals("cas") && value < 0 ? Long.MAX_VALUE : value;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be an unsigned 64-bit integer, got \"" + text + "\"");
    }
  }

  /** Consul's 413 for a body past a value's limit, for a key's value or a whole transaction. */
  static ApiException bodyTooLarge(int length) {
    return new ApiException(413, "Request body(" + length + " bytes) too large, max size: "
        + KeyValueStore.MAX_VALUE_BYTES + " bytes");
  }
}
