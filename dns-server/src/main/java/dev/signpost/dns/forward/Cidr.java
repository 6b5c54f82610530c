package dev.signpost.dns.forward;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/** One address range: the network's bytes and how many leading bits of an address must equal them. */
final class Cidr {

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /**
   * {@code ADDRESS/PREFIX}, or a bare address for that one host. An IPv4-mapped IPv6 range of /96 or
   * longer becomes the IPv4 range it covers, since clients are matched in their IPv4 form.
   *
   * @throws IllegalArgumentException saying what is wrong (the caller names the entry)
   */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = IpLiteral.parse(addressText);
    boolean v6Text = addressText.indexOf(':') >= 0;
    byte[] bytes = address.getAddress();
    if (v6Text && address instanceof Inet4Address) { // the JDK unmaps ::ffff:a.b.c.d
      bytes = mapped(bytes);
    }
    int bits = bytes.length * 8;
    int prefix = slash < 0 ? bits : prefixLength(text.substring(slash + 1), bits);
    int written = prefix;
    if (bytes.length == 16 && IpLiteral.isMapped(bytes) && prefix >= 96) {
      bytes = Arrays.copyOfRange(bytes, 12, 16);
      prefix -= 96;
    }
    Cidr cidr = new Cidr(bytes, prefix);
    if (!Arrays.equals(cidr.masked(bytes), bytes)) {
      throw new IllegalArgumentException("the address has bits set beyond the /" + written + " prefix");
    }
    return cidr;
  }

  private static int prefixLength(String text, int bits) {
    if (!text.matches("\\d{1,3}")) {
      throw new IllegalArgumentException("the prefix length is not a number");
    }
    int prefix = Integer.parseInt(text);
    if (prefix > bits) {
      throw new IllegalArgumentException("the prefix length " + prefix + " is above " + bits);
    }
    return prefix;
  }

  private static byte[] mapped(byte[] ipv4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xFF;
    b[11] = (byte) 0xFF;
    System.arraycopy(ipv4, 0, b, 12, 4);
    return b;
  }

  /** @param address in the form {@link IpLiteral#unmapped} gives */
  boolean contains(InetAddress address) {
    byte[] b = address.getAddress();
    return b.length == network.length && Arrays.equals(masked(b), network);
  }

  private byte[] masked(byte[] address) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] &= (byte) (0xFF << (8 - keep));
    }
    return out;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
