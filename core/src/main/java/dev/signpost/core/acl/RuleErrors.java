package dev.signpost.core.acl;

/** Every complaint about rule text names its line first, so a 400 answer points at the rule to fix. */
final class RuleErrors {

  private RuleErrors() {}

  static IllegalArgumentException at(int line, String message) {
    return new IllegalArgumentException("line " + line + ": " + message);
  }
}
