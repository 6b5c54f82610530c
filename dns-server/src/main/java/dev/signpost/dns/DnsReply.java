package dev.signpost.dns;

import java.util.Objects;
import org.xbill.DNS.Message;

/** The reply to one query, complete but not yet encoded (the transport truncates to fit). */
public record DnsReply(Message message) {

  public DnsReply {
    Objects.requireNonNull(message, "message");
  }
}
