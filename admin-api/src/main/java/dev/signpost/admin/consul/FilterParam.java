package dev.signpost.admin.consul;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.admin.filter.FieldType;
import dev.signpost.admin.filter.Filter;
import dev.signpost.admin.filter.FilterException;
import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.http.Route;
import dev.signpost.admin.json.JsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Consul's {@code ?filter=}, on the routes where Consul takes one: the route's reply (a list, or a map whose
 * values are the items, as {@code /v1/agent/services}) keeps the items the filter matches, tested as the
 * JSON they are sent as. It runs after the resource has left out what the token may not read, and on a
 * blocking read after the wait, on the answer it returns; the filter itself is checked before the wait, so a
 * bad one fails at once. Other routes ignore the parameter, as Consul ignores parameters it does not know.
 * An empty {@code ?filter=} is no filter, as in Consul.
 */
final class FilterParam {

  static final String NAME = "filter";

  private final JsonCodec json;

  FilterParam(JsonCodec json) {
    this.json = json;
  }

  /** A read whose items, each a {@code item} record, are filtered. */
  Route read(String path, Class<?> item, Function<ApiRequest, ApiResponse> read) {
    Filtered filtered = new Filtered(FieldType.ofRecord(item), read);
    return Route.read(path, filtered).checkedBy(filtered::filter);
  }

  /** As {@link #read}, for a blocking read. */
  Route blockingRead(String path, Class<?> item, Function<ApiRequest, ApiResponse> read) {
    Filtered filtered = new Filtered(FieldType.ofRecord(item), read);
    return Route.blockingRead(path, filtered).checkedBy(filtered::filter);
  }

  /**
   * As {@link #read}, for a read that blocks by content hash: {@code mark} adds the hash of the filtered
   * answer, so a client watching a filtered list wakes only when what it sees changes.
   */
  Route hashBlockingRead(String path, Class<?> item, Function<ApiRequest, ApiResponse> read,
      UnaryOperator<ApiResponse> mark) {
    Filtered filtered = new Filtered(FieldType.ofRecord(item), read);
    return Route.hashBlockingRead(path, filtered.andThen(mark)).checkedBy(filtered::filter);
  }

  private final class Filtered implements Function<ApiRequest, ApiResponse> {
    private final FieldType items;
    private final Function<ApiRequest, ApiResponse> read;

    Filtered(FieldType items, Function<ApiRequest, ApiResponse> read) {
      this.items = items;
      this.read = read;
    }

    @Override
    public ApiResponse apply(ApiRequest request) {
      Optional<Filter> filter = filter(request);
      ApiResponse response = read.apply(request);
      if (filter.isEmpty() || response.json() == null) {
        return response;
      }
      Predicate<JsonNode> matches = filter.get().matcher();
      try {
        return new ApiResponse(response.status(), keep(response.json(), matches), null, response.headers());
      } catch (FilterException e) {
        throw refused(e);
      }
    }

    /** The request's filter, bound to this route's items; empty when it has none. */
    Optional<Filter> filter(ApiRequest request) {
      Optional<String> text = request.queryParam(NAME).filter(t -> !t.isEmpty());
      try {
        return text.map(t -> Filter.parse(t, items));
      } catch (FilterException e) {
        throw refused(e);
      }
    }

    private Object keep(Object body, Predicate<JsonNode> matches) {
      if (body instanceof List<?> list) {
        List<Object> kept = new ArrayList<>();
        for (Object item : list) {
          if (matches.test(json.tree(item))) {
            kept.add(item);
          }
        }
        return kept;
      }
      if (body instanceof Map<?, ?> map) {
        Map<Object, Object> kept = new LinkedHashMap<>();
        map.forEach((key, item) -> {
          if (matches.test(json.tree(item))) {
            kept.put(key, item);
          }
        });
        return kept;
      }
      throw new IllegalStateException("a filtered route answered " + body.getClass().getName()
          + ", not a list or a map");
    }
  }

  private static ApiException refused(FilterException e) {
    return ApiException.badRequest(NAME + ": " + e.getMessage());
  }
}
