package dev.signpost.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Each benchmark thread's position in its state's list of queries; steps through it and wraps around. */
@State(Scope.Thread)
public class Cursor {

  private int position;

  /** The next index below {@code size}. */
  public int next(int size) {
    int i = position;
    position = i + 1 == size ? 0 : i + 1;
    return i;
  }
}
