package dev.signpost.admin.consul;

import dev.signpost.core.Instance;
import java.util.List;

/** Consul's {@code ?tag=} filter: an instance must carry every requested tag (compared without case). */
final class TagFilter {

  private TagFilter() {}

  static boolean matches(Instance instance, List<String> tags) {
    for (String tag : tags) {
      if (!instance.hasTag(tag)) {
        return false;
      }
    }
    return true;
  }
}
