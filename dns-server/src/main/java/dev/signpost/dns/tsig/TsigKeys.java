package dev.signpost.dns.tsig;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * The TSIG keys (RFC 8945) this server shares with its secondaries, from {@code --tsig-key NAME:ALGORITHM:BASE64}:
 * who signs a transfer request may transfer, every signed query gets a signed reply, and the NOTIFYs we send are
 * signed with them. Immutable; lookups by key name (case-insensitive, as names are) from any thread.
 */
public final class TsigKeys {

  /** The algorithms a key may name, as {@code dig -y} and Knot/NSD spell them, to dnsjava's names. */
  private static final Map<String, Name> ALGORITHMS = Map.of(
      "hmac-sha256", TSIG.HMAC_SHA256,
      "hmac-sha384", TSIG.HMAC_SHA384,
      "hmac-sha512", TSIG.HMAC_SHA512,
      "hmac-sha224", TSIG.HMAC_SHA224,
      "hmac-sha1", TSIG.HMAC_SHA1);
  /** Fewer bytes than this make a guessable secret; RFC 8945 §6 asks for at least the hash's half. */
  private static final int MIN_SECRET_BYTES = 16;

  public static final TsigKeys NONE = new TsigKeys(List.of(), Clock.systemUTC());

  private final Map<Name, Loaded> byName;
  private final List<Key> keys;
  private final Clock clock;

  /** One key as the command line gave it. */
  public record Key(Name name, Name algorithm, byte[] secret) {}

  /**
   * A key as given, dnsjava's signer of it, and the length of its algorithm's full MAC, for what dnsjava cannot
   * do ({@link TsigCheck}: MAC sizes, the BADTIME reply).
   */
  record Loaded(Key key, TSIG tsig, int macLength) {}

  private TsigKeys(List<Key> keys, Clock clock) {
    Map<Name, Loaded> map = new HashMap<>();
    for (Key k : keys) {
      Loaded loaded = new Loaded(k, new TSIG(k.algorithm(), k.name(), new SecretKeySpec(k.secret(), "RAW"), clock),
          macLength(k.algorithm()));
      if (map.put(k.name(), loaded) != null) {
        throw new IllegalArgumentException("the key " + k.name() + " is given twice");
      }
    }
    this.byName = Map.copyOf(map);
    this.keys = List.copyOf(keys);
    this.clock = clock;
  }

  /**
   * Keys whose signatures are checked against {@code clock} (a signature more than the fudge of 300 s away from
   * it gets BADTIME).
   *
   * @throws IllegalArgumentException when two keys share a name
   */
  public static TsigKeys of(Collection<Key> keys, Clock clock) {
    return new TsigKeys(new ArrayList<>(keys), clock);
  }

  /**
   * One {@code NAME:ALGORITHM:BASE64} specification: a key name (a domain name), an algorithm
   * (hmac-sha256, hmac-sha384, hmac-sha512, hmac-sha224 or hmac-sha1) and the secret in base64.
   *
   * @throws IllegalArgumentException naming the part at fault
   */
  public static Key parse(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("expected NAME:ALGORITHM:BASE64, got '" + spec + "'");
    }
    if (parts[0].isEmpty()) {
      throw new IllegalArgumentException("a key needs a name, got '" + spec + "'");
    }
    Name name;
    try {
      name = Name.fromString(parts[0], Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("'" + parts[0] + "' is not a key name: " + e.getMessage(), e);
    }
    if (name.equals(Name.root)) {
      throw new IllegalArgumentException("a key needs a name, got '" + spec + "'");
    }
    Name algorithm = ALGORITHMS.get(parts[1].toLowerCase(Locale.ROOT));
    if (algorithm == null) {
      throw new IllegalArgumentException("unknown algorithm '" + parts[1] + "' (known: hmac-sha256, hmac-sha384,"
          + " hmac-sha512, hmac-sha224, hmac-sha1)");
    }
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the secret of " + parts[0] + " is not base64: " + e.getMessage(), e);
    }
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the secret of " + parts[0] + " has " + secret.length
          + " bytes; give at least " + MIN_SECRET_BYTES + " (e.g. from 'openssl rand -base64 32')");
    }
    return new Key(name, algorithm, secret);
  }

  /** The key with this name, ready to sign or verify; empty when we do not know it (BADKEY). */
  public Optional<TSIG> key(Name name) {
    return loaded(name).map(Loaded::tsig);
  }

  /** The key with this name with all we know of it; empty when we do not know it. */
  Optional<Loaded> loaded(Name name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The bytes of a full MAC of {@code algorithm}, one of {@link #ALGORITHMS}, which every JDK provides. */
  private static int macLength(Name algorithm) {
    try {
      return Mac.getInstance(TSIG.nameToAlgorithm(algorithm)).getMacLength();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("this JDK cannot compute " + algorithm, e);
    }
  }

  /** The clock signatures are checked against: our time in a BADTIME reply. */
  Clock clock() {
    return clock;
  }

  /** The keys as given, for the secondaries' configuration and the start-up line (never print the secrets). */
  public List<Key> keys() {
    return keys;
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }
}
