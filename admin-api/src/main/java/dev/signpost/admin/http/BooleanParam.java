package dev.signpost.admin.http;

import java.util.Optional;

/**
 * A true/false query parameter, read as Consul reads them: the spellings of Go's {@code strconv.ParseBool},
 * and a bare {@code ?name} meaning true.
 */
public final class BooleanParam {

  private BooleanParam() {}

  /**
   * @return empty when the parameter is absent
   * @throws ApiException 400 naming the parameter and the value when it is neither true nor false
   */
  public static Optional<Boolean> of(ApiRequest request, String name) {
    return request.queryParam(name).map(value -> parse(name, value));
  }

  private static boolean parse(String name, String value) {
    return switch (value) {
      case "", "true", "TRUE", "True", "t", "T", "1" -> true;
      case "false", "FALSE", "False", "f", "F", "0" -> false;
      default -> throw ApiException.badRequest(name + " must be true or false, got \"" + value + "\"");
    };
  }
}
