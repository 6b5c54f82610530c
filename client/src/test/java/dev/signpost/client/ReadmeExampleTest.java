package dev.signpost.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signpost.balance.Endpoint;
import java.io.File;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Java client" example compiles against the client as built, so it cannot drift from the API. */
class ReadmeExampleTest {

  @TempDir
  Path out;

  /** The first {@code java} code block after the section's heading. */
  static String example() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("\n## Java client\n");
    assertThat(section).as("the README has a Java client section").isPositive();
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    int end = readme.indexOf("```", start);
    assertThat(readme.indexOf("\n## ", section + 1)).as("the example is inside the section").isGreaterThan(end);
    return readme.substring(start, end);
  }

  @Test
  void theReadmesExampleCompiles() throws Exception {
    String source = example();
    assertThat(source).contains("public class Orders").contains("SignpostClient.builder(\"orders\")");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classPath = Stream.of(SignpostClient.class, Endpoint.class, ObjectMapper.class, JsonFactory.class,
            JsonProperty.class)
        .map(c -> Path.of(URI.create(c.getProtectionDomain().getCodeSource().getLocation().toString())).toString())
        .collect(Collectors.joining(File.pathSeparator));
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Orders.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    StringWriter errors = new StringWriter();

    boolean compiled = javac.getTask(errors, null, null,
        List.of("-classpath", classPath, "-d", out.toString(), "-Xlint:all", "-Werror"), null, List.of(file)).call();

    assertThat(compiled).as(errors.toString()).isTrue();
    assertThat(out.resolve("Orders.class")).exists();
  }
}
