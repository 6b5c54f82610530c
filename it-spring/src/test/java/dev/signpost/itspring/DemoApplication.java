package dev.signpost.itspring;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The app under test, as small as a Spring Cloud Consul user's: Spring Boot with a web server (the registration
 * needs its port), a bean whose property may change at run time, and a listener that records which properties a
 * refresh changed.
 */
@SpringBootApplication
public class DemoApplication {

  /** Reads {@code mood} anew after every refresh: {@code @RefreshScope} rebuilds it when the configuration changes. */
  @Component
  @RefreshScope
  public static class Mood {

    @Value("${mood:}")
    private String value;

    public String value() {
      return value;
    }
  }

  /** The keys every {@link EnvironmentChangeEvent} named: what Spring Cloud saw change after a refresh. */
  @Component
  public static class ChangedKeys implements ApplicationListener<EnvironmentChangeEvent> {

    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
      keys.addAll(event.getKeys());
    }

    public Set<String> keys() {
      return Set.copyOf(keys);
    }
  }
}
