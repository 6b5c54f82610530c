package dev.signpost.core.health.http;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link KeepAliveClient} got back for an {@link HttpCall}.
 *
 * @param location the {@code Location} header, for redirects
 * @param body the body's first {@link HttpCall#bodyLimit()} bytes, decoded as UTF-8
 */
public record HttpAnswer(int status, Optional<String> location, String body) {

  public HttpAnswer {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(body, "body");
  }
}
