package dev.signpost.admin.json;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Durations in Go's {@code time.Duration} syntax, which is what Consul clients send ({@code "10s"},
 * {@code "1m30s"}, {@code "1.5h"}) and what Consul prints ({@code "1h0m0s"}).
 */
public final class GoDuration {

  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal MIN_NANOS = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final Map<String, Long> UNIT_NANOS = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "\u00b5s", 1_000L, // micro sign, as Go prints it
      "\u03bcs", 1_000L, // Greek mu, which Go also accepts
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * Parses as Go's {@code time.ParseDuration} does: an optional sign, then one or more decimal numbers
   * each followed by a unit ({@code ns us µs ms s m h}); a bare {@code "0"} is allowed.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    String s = text;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text, "no number after the sign");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      String whole = s.substring(start, i);
      String fraction = "";
      if (i < s.length() && s.charAt(i) == '.') {
        int fractionStart = ++i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        fraction = s.substring(fractionStart, i);
      }
      if (whole.isEmpty() && fraction.isEmpty()) {
        throw invalid(text, "expected a number at \"" + s.substring(start) + "\"");
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw invalid(text, "missing unit (use ns, us, ms, s, m or h)");
      }
      Long unitNanos = UNIT_NANOS.get(unit);
      if (unitNanos == null) {
        throw invalid(text, "unknown unit \"" + unit + "\" (use ns, us, ms, s, m or h)");
      }
      BigDecimal number = new BigDecimal((whole.isEmpty() ? "0" : whole) + (fraction.isEmpty() ? "" : "." + fraction));
      nanos = nanos.add(number.multiply(BigDecimal.valueOf(unitNanos)));
    }
    // Go truncates sub-nanosecond fractions.
    BigDecimal signed = (negative ? nanos.negate() : nanos).setScale(0, RoundingMode.DOWN);
    if (signed.compareTo(MAX_NANOS) > 0 || signed.compareTo(MIN_NANOS) < 0) {
      throw invalid(text, "it is out of range (about ±2562047h)");
    }
    return Duration.ofNanos(signed.longValueExact());
  }

  /** Formats as Go's {@code Duration.String()}: {@code "0s"}, {@code "500ms"}, {@code "1m30s"}, {@code "1h0m0s"}. */
  public static String format(Duration duration) {
    long nanos = saturatedNanos(duration);
    if (nanos == 0) {
      return "0s";
    }
    // Work on the magnitude as an unsigned long so that Long.MIN_VALUE needs no special case.
    long u = nanos < 0 ? -nanos : nanos;
    StringBuilder out = new StringBuilder();
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      if (u < 1_000L) {
        out.append(u).append("ns");
      } else if (u < 1_000_000L) {
        appendWithFraction(out, u, 3).append("\u00b5s");
      } else {
        appendWithFraction(out, u, 6).append("ms");
      }
    } else {
      String fraction = fraction(Long.remainderUnsigned(u, 1_000_000_000L), 9);
      long seconds = Long.divideUnsigned(u, 1_000_000_000L);
      long hours = seconds / 3600;
      long minutes = seconds / 60 % 60;
      if (hours > 0) {
        out.append(hours).append('h');
      }
      if (hours > 0 || minutes > 0) {
        out.append(minutes).append('m');
      }
      out.append(seconds % 60).append(fraction).append('s');
    }
    return nanos < 0 ? "-" + out : out.toString();
  }

  private static StringBuilder appendWithFraction(StringBuilder out, long value, int digits) {
    long scale = (long) Math.pow(10, digits);
    return out.append(value / scale).append(fraction(value % scale, digits));
  }

  /** ".5" for 500000000 of 9 digits; "" when zero. */
  private static String fraction(long value, int digits) {
    if (value == 0) {
      return "";
    }
    String padded = String.format("%0" + digits + "d", value);
    int end = padded.length();
    while (padded.charAt(end - 1) == '0') {
      end--;
    }
    return "." + padded.substring(0, end);
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid duration \"" + text + "\": " + why);
  }
}
