package dev.signpost.admin;

import java.net.InetAddress;
import java.util.List;

/**
 * Why a DNS question gets the answer it gets ({@code GET /v1/signpost/explain}). The launcher implements it
 * over the zones, so admin-api learns what DNS would answer without knowing DNS: the answer comes back as
 * plain values ({@link AnswerExplanation}).
 */
public interface AnswerExplainer {

  /** The question types an explanation can be asked for. */
  List<String> TYPES = List.of("A", "AAAA", "SRV", "TXT", "PTR", "ANY");

  /**
   * What a query for {@code name} and {@code type} from {@code client} would be answered now, and why.
   *
   * @param type one of {@link #TYPES}
   * @throws IllegalArgumentException when {@code name} is no valid DNS name (the message says why)
   */
  AnswerExplanation explain(String name, String type, InetAddress client);
}
