package dev.signpost.zones;

import dev.signpost.core.Instance;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Writes an {@link AnswerPlan} as dnsjava records, owned by the question's name as the client spelled it:
 * the answer of every query dnsjava parsed, and of those whose answer the bytes cannot carry (a host-name
 * SRV target, an ANY question, a reply that must be truncated). {@link WireRenderer} writes the same plan as
 * the same bytes; a test compares the two for every name form.
 */
final class RecordRenderer {

  private final RecordFactory records;
  private final NamingScheme naming;

  RecordRenderer(RecordFactory records) {
    this.records = records;
    this.naming = records.naming();
  }

  LookupResult.Records render(Name owner, AnswerPlan plan) {
    return plan.srv() ? srv(owner, plan) : addresses(owner, plan);
  }

  private LookupResult.Records addresses(Name owner, AnswerPlan plan) {
    List<Record> answer = new ArrayList<>(plan.size());
    for (int k = 0; k < plan.size(); k++) {
      if (plan.answersAddress(k)) {
        answer.add(records.addressRecord(owner, plan.ip(k), plan.ttl()));
      }
    }
    return LookupResult.Records.answer(answer, List.of());
  }

  /** One SRV per instance; each IP target (address and port) once in the additional section, with its address. */
  private LookupResult.Records srv(Name owner, AnswerPlan plan) {
    List<Record> answer = new ArrayList<>(plan.size() + plan.more().size());
    List<Record> additional = new ArrayList<>(plan.size());
    for (int k = 0; k < plan.size(); k++) {
      Instance i = plan.instance(k);
      byte[] ip = plan.ip(k);
      Name target = ip != null ? naming.targetName(plan.target(k)) : Names.absolute(i.address());
      answer.add(records.srv(owner, plan.priority(k), plan.weight(k), i.port(), target, plan.ttl()));
      if (ip != null && !plan.repeatedTarget(k)) {
        additional.add(records.addressRecord(target, ip, plan.ttl()));
      }
    }
    answer.addAll(plan.more());
    return LookupResult.Records.answer(answer, additional);
  }
}
