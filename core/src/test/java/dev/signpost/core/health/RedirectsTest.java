package dev.signpost.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Redirects are followed here, hop by hop, for https too: the JDK client's rules are ours to keep. */
class RedirectsTest {

  @Test
  void aRedirectFromHttpsToHttpIsNotFollowedAsTheJdksClientWouldNot() throws Exception {
    assertThat(Redirects.target(URI.create("https://a.example/x"), Optional.of("http://b.example/y"))).isNull();
  }

  @Test
  void aRedirectFromHttpToHttpsAndARelativeOneAreFollowed() throws Exception {
    assertThat(Redirects.target(URI.create("http://a.example/x"), Optional.of("https://b.example/y")))
        .isEqualTo(URI.create("https://b.example/y"));
    assertThat(Redirects.target(URI.create("https://a.example/x/"), Optional.of("../z")))
        .isEqualTo(URI.create("https://a.example/z"));
  }
}
