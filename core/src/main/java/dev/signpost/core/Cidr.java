package dev.signpost.core;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address range ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) and whether an address is in it. One
 * implementation for everything that matches clients against ranges: recursion access, client zones.
 * An IPv4-mapped range of /96 or longer is the IPv4 range it covers, and an IPv4-mapped address is
 * matched in its IPv4 form, so dual-stack sockets' clients meet IPv4 rules.
 */
public final class Cidr {

  private final byte[] network;
  private final int prefix;
  private final boolean hostBitsSet;

  private Cidr(byte[] network, int prefix, boolean hostBitsSet) {
    this.network = network;
    this.prefix = prefix;
    this.hostBitsSet = hostBitsSet;
  }

  /**
   * The range of {@code prefix} bits around {@code address}; host bits are cleared.
   *
   * @throws IllegalArgumentException when the prefix does not fit the address family
   */
  public static Cidr of(InetAddress address, int prefix) {
    return of(address.getAddress(), prefix);
  }

  private static Cidr of(byte[] bytes, int prefix) {
    if (prefix < 0 || prefix > bytes.length * 8) {
      throw new IllegalArgumentException("the prefix length " + prefix + " is above " + bytes.length * 8);
    }
    if (bytes.length == 16 && Addresses.isMapped(bytes) && prefix >= 96) {
      bytes = Arrays.copyOfRange(bytes, 12, 16);
      prefix -= 96;
    }
    byte[] network = masked(bytes, prefix);
    return new Cidr(network, prefix, !Arrays.equals(network, bytes));
  }

  /**
   * {@code ADDRESS/PREFIX}, or a bare address for that one host. An IPv4-mapped address is read against
   * 128 bits, as written.
   *
   * @throws IllegalArgumentException saying what is wrong (the caller names the entry)
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = Addresses.requireIp(addressText);
    byte[] bytes = address.getAddress();
    if (addressText.indexOf(':') >= 0 && address instanceof Inet4Address) { // the JDK unmaps ::ffff:a.b.c.d
      bytes = mapped(bytes);
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (!length.matches("\\d{1,3}")) {
        throw new IllegalArgumentException("the prefix length is not a number");
      }
      prefix = Integer.parseInt(length);
    }
    return of(bytes, prefix);
  }

  /** Whether the text this range was made from had bits set under its prefix (which are cleared here). */
  public boolean hostBitsSet() {
    return hostBitsSet;
  }

  public int prefixLength() {
    return prefix;
  }

  public boolean contains(InetAddress address) {
    byte[] b = Addresses.unmapped(address).getAddress();
    return b.length == network.length && Arrays.equals(masked(b, prefix), network);
  }

  private static byte[] mapped(byte[] ipv4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xFF;
    b[11] = (byte) 0xFF;
    System.arraycopy(ipv4, 0, b, 12, 4);
    return b;
  }

  private static byte[] masked(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] &= (byte) (0xFF << (8 - keep));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
