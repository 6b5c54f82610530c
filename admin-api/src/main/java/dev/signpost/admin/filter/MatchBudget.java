package dev.signpost.admin.filter;

/**
 * How much regular-expression work one request's filter may do, counted in characters read. Go's RE2
 * matches in linear time; java.util.regex backtracks, and a pattern such as {@code (a*)*b} takes
 * exponential time on a long run of {@code a}s. Matching reads its input through {@link #guard}, so a
 * runaway pattern fails the request with a 400 instead of holding an event loop.
 *
 * <p>One per request, used on its event loop only.
 */
final class MatchBudget {

  /** Enough for ordinary patterns over thousands of items; a few tens of milliseconds of matching. */
  static final long DEFAULT_READS = 20_000_000L;

  private long left;

  MatchBudget(long reads) {
    this.left = reads;
  }

  /** {@code text}, counting every character the matcher reads against this budget. */
  CharSequence guard(String text) {
    return new Guarded(text, 0, text.length());
  }

  private void spend() {
    if (--left < 0) {
      throw new Exhausted();
    }
  }

  /** Thrown from inside the matcher when the budget is spent. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super("regular expression budget spent", null, false, false);
    }
  }

  private final class Guarded implements CharSequence {
    private final String text;
    private final int start;
    private final int end;

    Guarded(String text, int start, int end) {
      this.text = text;
      this.start = start;
      this.end = end;
    }

    @Override
    public char charAt(int index) {
      spend();
      return text.charAt(start + index);
    }

    @Override
    public int length() {
      return end - start;
    }

    @Override
    public CharSequence subSequence(int from, int to) {
      return new Guarded(text, start + from, start + to);
    }

    @Override
    public String toString() {
      return text.substring(start, end);
    }
  }
}
