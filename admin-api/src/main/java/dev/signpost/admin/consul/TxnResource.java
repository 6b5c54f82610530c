package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.KeyValueStore;
import dev.signpost.core.KvEntry;
import dev.signpost.core.KvOperation;
import dev.signpost.core.KvTransactionResult;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.acl.Authorizer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consul's {@code PUT /v1/txn} for key/value operations: up to 64, run all or none as one registry change.
 * A body over {@value KeyValueStore#MAX_VALUE_BYTES} bytes (Consul's {@code txn_max_req_len}) or with more
 * operations is refused with 413. An operation the token may not do, or one that fails (a stale
 * {@code cas}, a missing key for {@code get}), rolls everything back: 409 with every error, as Consul's.
 */
final class TxnResource {

  private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

  private final KeyValueStore kv;
  private final AclGate acl;
  private final JsonCodec json;

  TxnResource(ServiceDiscovery discovery, AclGate acl, JsonCodec json) {
    this.kv = discovery.kv();
    this.acl = acl;
    this.json = json;
  }

  CompletionStage<ApiResponse> run(ApiRequest request) {
    if (request.body().length > KeyValueStore.MAX_VALUE_BYTES) {
      throw KvResource.bodyTooLarge(request.body().length);
    }
    TxnJson.Op[] body = json.read(request.body(), TxnJson.Op[].class);
    if (body == null) {
      throw ApiException.badRequest("the body must be a JSON array of operations");
    }
    if (body.length > KeyValueStore.MAX_TRANSACTION_OPERATIONS) {
      throw new ApiException(413, "Transaction contains too many operations (" + body.length + " > "
          + KeyValueStore.MAX_TRANSACTION_OPERATIONS + ")");
    }
    List<KvOperation> ops = new ArrayList<>();
    for (int i = 0; i < body.length; i++) {
      ops.add(operation(i, body[i]));
    }
    Authorizer authorizer = acl.authorizer(request);
    List<TxnJson.Error> denied = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      if (!allowed(authorizer, ops.get(i))) {
        denied.add(new TxnJson.Error(i, AclGate.PERMISSION_DENIED));
      }
    }
    if (!denied.isEmpty()) {
      return CompletableFuture.completedFuture(ApiResponse.json(409, new TxnJson.Response(null, denied)));
    }
    return kv.transaction(ops).thenApply(result -> answer(result, authorizer));
  }

  private static ApiResponse answer(KvTransactionResult result, Authorizer authorizer) {
    if (!result.committed()) {
      List<TxnJson.Error> errors = result.errors().stream()
          .map(e -> new TxnJson.Error(e.opIndex(), e.what())).toList();
      return ApiResponse.json(409, new TxnJson.Response(null, errors));
    }
    List<TxnJson.Result> results = new ArrayList<>();
    for (KvEntry e : result.results()) {
      // A get-tree's keys the token may not read are left out, as Consul filters them.
      if (authorizer.keyRead(e.key())) {
        results.add(new TxnJson.Result(KvEntryJson.of(e)));
      }
    }
    return ApiResponse.json(new TxnJson.Response(results, null));
  }

  /**
   * What Consul asks of each verb: read for the reads and checks, write for the writes, on the whole prefix for
   * a recursive delete; a {@code get-tree} is filtered instead (as a {@code ?recurse} read).
   */
  private static boolean allowed(Authorizer authorizer, KvOperation op) {
    return switch (op.verb()) {
      case GET, CHECK_INDEX, CHECK_NOT_EXISTS -> authorizer.keyRead(op.key());
      case GET_TREE -> true;
      case DELETE_TREE -> authorizer.keyWritePrefix(op.key());
      default -> authorizer.keyWrite(op.key());
    };
  }

  private static KvOperation operation(int i, TxnJson.Op op) {
    if (op == null || op.kv() == null) {
      throw ApiException.badRequest("operation " + i + ": only KV operations are supported (Node, Service and "
          + "Check operations are not)");
    }
    TxnJson.KvOp kvOp = op.kv();
    String verbName = kvOp.verb() == null ? "" : kvOp.verb();
    KvOperation.Verb verb = KvOperation.Verb.named(verbName).orElseThrow(() -> ApiException.badRequest(
        List.of("lock", "unlock", "check-session").contains(verbName)
            ? "operation " + i + ": KV verb \"" + verbName + "\" needs sessions, which Signpost does not have"
            : "operation " + i + ": unknown KV verb \"" + verbName + "\""));
    String key = kvOp.key() == null ? "" : kvOp.key();
    // No size check of its own: the whole body is within a value's limit, so each value is.
    byte[] value = kvOp.value() == null ? new byte[0] : kvOp.value();
    try {
      if (verb.onPrefix()) {
        KeyValueStore.requirePrefix(key);
      } else {
        KeyValueStore.requireKey(key);
      }
      return new KvOperation(verb, key, value, unsigned(i, "Flags", kvOp.flags()), unsigned(i, "Index", kvOp.index()));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("operation " + i + ": " + e.getMessage());
    }
  }

  private static long unsigned(int i, String field, BigInteger value) {
    if (value == null) {
      return 0;
    }
    if (value.signum() < 0 || value.compareTo(UINT64_LIMIT) >= 0) {
      throw ApiException.badRequest("operation " + i + ": " + field + " must be an unsigned 64-bit integer, got "
          + value);
    }
    return value.longValue();
  }
}
