package io.argosy.core.control;

import com.fasterxml.jackson.core.type.TypeReference;
import io.argosy.core.json.Json;
import io.argosy.core.store.StoreOp;
import io.argosy.core.store.StoredQuotaChange;
import io.argosy.core.view.QuotaChange;
import io.argosy.queue.quota.QueueQuota;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The quota audit log's entries: who changed which queue's quota when, before and after. */
public final class QuotaAudit {
  /** The principal recorded when the request carries none. */
  public static final String ANONYMOUS = "anonymous";

  private QuotaAudit() {}

  /** The entry for a change, or null when the quota did not change. */
  static StoreOp.QuotaChanged change(String queue, String who, Instant at, QueueQuota before, QueueQuota after) {
    String b = before == null ? null : json(before);
    String a = after == null ? null : json(after);
    if (b != null && b.equals(a)) {
      return null;
    }
    String action = before == null ? "created" : after == null ? "deleted" : "configured";
    return new StoreOp.QuotaChanged(queue, who == null || who.isBlank() ? ANONYMOUS : who, at, action, b, a);
  }

  static String json(QueueQuota q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("capability", new TreeMap<>(q.capability().toMap()));
    m.put("guarantee", new TreeMap<>(q.guarantee().toMap()));
    m.put("deserved", new TreeMap<>(q.deserved().toMap()));
    return Json.write(m);
  }

  private static final TypeReference<Map<String, Map<String, Long>>> QUOTA = new TypeReference<>() {};

  /** The API view of a stored entry. */
  public static QuotaChange view(StoredQuotaChange s) {
    return new QuotaChange(s.id(), s.queue(), s.who(), s.at().toString(), s.action(), quota(s.before()), quota(s.after()));
  }

  private static QuotaChange.Quota quota(String json) {
    if (json == null) {
      return null;
    }
    try {
      Map<String, Map<String, Long>> m = Json.mapper().readValue(json, QUOTA);
      return new QuotaChange.Quota(m.getOrDefault("capability", Map.of()), m.getOrDefault("guarantee", Map.of()),
          m.getOrDefault("deserved", Map.of()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("unreadable quota audit entry: " + json, e);
    }
  }
}
