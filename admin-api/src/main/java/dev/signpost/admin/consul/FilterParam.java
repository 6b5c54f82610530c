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
import java.util.function.BiFunction;
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

  /** What a {@link #selectingRead} is given without a filter: every item. */
  static final Predicate<Object> EVERYTHING = item -> true;

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

  /**
   * A blocking read whose answer is built from the items the filter selects rather than made of them
   * ({@code /v1/catalog/services}: the names and tags of the matching instances): {@code read} tests each
   * item, a {@code item} record, with the predicate it is given, {@link #EVERYTHING} when there is no filter.
   */
  Route selectingBlockingRead(String path, Class<?> item,
      BiFunction<ApiRequest, Predicate<Object>, ApiResponse> read) {
    FieldType items = FieldType.ofRecord(item);
    Function<ApiRequest, Optional<Filter>> filter = request -> parse(request, items);
    return Route.blockingRead(path, request -> {
      Optional<Predicate<JsonNode>> matches = filter.apply(request).map(Filter::matcher);
      if (matches.isEmpty()) {
        return read.apply(request, EVERYTHING);
      }
      try {
        return read.apply(request, candidate -> matches.get().test(json.tree(candidate)));
      } catch (FilterException e) {
        throw refused(e);
      }
    }).checkedBy(filter::apply);
  }

  /** The request's filter, bound to {@code items}; empty when it has none. */
  private static Optional<Filter> parse(ApiRequest request, FieldType items) {
    Optional<String> text = request.queryParam(NAME).filter(t -> !t.isEmpty());
    try {
      return text.map(t -> Filter.parse(t, items));
    } catch (FilterException e) {
      throw refused(e);
    }
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
      return parse(request, items);
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
