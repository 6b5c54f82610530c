package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SignpostVersionTest {

  @Test
  void theVersionIsTheMavenProjectsFromTheFilteredResource() throws Exception {
    // core's pom.xml names its parent's version, which every module shares.
    Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(parent.find()).isTrue();
    assertThat(SignpostVersion.current()).isEqualTo(parent.group(1)).isNotEqualTo(SignpostVersion.UNKNOWN);
  }
}
