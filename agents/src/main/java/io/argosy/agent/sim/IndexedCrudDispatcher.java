package io.argosy.agent.sim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;

/**
 * fabric8's CRUD dispatcher with an index over its own store: a performance index, not a fake.
 *
 * <p>fabric8 keeps every object in one map keyed by its attributes and answers each request by
 * testing every stored key against the request's attributes ({@code AttributeSet.matches}), so a
 * create, a status patch, a GET or a DELETE of one named object costs O(objects stored). Under load
 * (250 nodes and hundreds of live pods per cluster, thousands of requests a second) that scan was
 * most of the simulated fleet's CPU. Here the same store is also indexed by the two attributes every
 * request for one named object carries, {@code plural} and {@code name}; such a request tests only
 * the keys with those two values, with fabric8's own {@code matches}, in the store's order. Every
 * other request (lists, label and field selectors, watches) still scans, as before.
 *
 * <p>fabric8's store, locking, validation, resource versions, status subresources, watch events and
 * responses are unchanged: writes still go through fabric8's handlers and {@code processEvent}; this
 * class only observes which key {@code processEvent} stores and removes (computed as fabric8 does),
 * and answers GET and DELETE of a named object from the index under fabric8's own lock.
 * {@code IndexedCrudDispatcherTest} checks every answer against fabric8's scan.
 */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
  private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;
  private static final String NAME = KubernetesAttributesExtractor.NAME;

  /** (plural, name) → the stored keys with those attributes, in the store's insertion order. */
  private final Map<NameKey, List<AttributeSet>> index = new HashMap<>();
  private final KubernetesAttributesExtractor extractor;
  private final ReadWriteLock lock;

  private record NameKey(Attribute plural, Attribute name) {
    /** The key a stored object or a query is indexed under, or null when it lacks either attribute. */
    static NameKey of(AttributeSet set) {
      Attribute plural = set.getAttribute(PLURAL);
      Attribute name = set.getAttribute(NAME);
      return plural == null || name == null ? null : new NameKey(plural, name);
    }

    /** Null unless the query requires both attributes to equal one value each (what the index answers). */
    static NameKey ofQuery(AttributeSet query) {
      NameKey k = of(query);
      return k != null && exact(k.plural) && exact(k.name) ? k : null;
    }

    private static boolean exact(Attribute a) {
      return a.getType() == AttributeType.WITH && a.getValues().size() == 1;
    }
  }

  IndexedCrudDispatcher() {
    super(List.of());
    this.extractor = (KubernetesAttributesExtractor) attributeExtractor;
    this.lock = fabric8Lock(this);
  }

  /** fabric8 takes this lock around every read and write of its store; the index lives under it too. */
  private static ReadWriteLock fabric8Lock(KubernetesCrudDispatcher d) {
    try {
      var f = KubernetesCrudDispatcher.class.getDeclaredField("lock");
      f.setAccessible(true);
      return (ReadWriteLock) f.get(d);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("this fabric8 version's CRUD dispatcher has no store lock to share", e);
    }
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    NameKey k = NameKey.ofQuery(query);
    if (k == null) {
      return super.findResource(query);
    }
    for (AttributeSet key : index.getOrDefault(k, List.of())) {
      if (key.matches(query)) {
        String value = map.get(key);
        if (value != null) {
          return new AbstractMap.SimpleImmutableEntry<>(key, value);
        }
      }
    }
    return null;
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    AttributeSet stored = newState == null ? null : storedKey(pathAttributes, resource, newState);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (oldAttributes != null) {
      unindex(oldAttributes);
    }
    if (stored != null) {
      if (map.containsKey(stored)) {
        unindex(stored); // a put over an equal key moves it, as the store's own order does
        index.computeIfAbsent(NameKey.of(stored), x -> new ArrayList<>(1)).add(stored);
      } else {
        rebuild(); // fabric8 stored another key than computed: never seen, but stay exact
      }
    }
  }

  /** The key fabric8's {@code processEvent} stores a new state under (same computation). */
  private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    AttributeSet attrs = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    return attrs.containsKey(PLURAL) ? attrs : AttributeSet.merge(pathAttributes, attrs);
  }

  private void unindex(AttributeSet key) {
    NameKey k = NameKey.of(key);
    if (k == null) {
      return;
    }
    List<AttributeSet> keys = index.get(k);
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      index.remove(k);
    }
  }

  private void rebuild() {
    index.clear();
    synchronized (map) {
      for (AttributeSet key : map.keySet()) {
        NameKey k = NameKey.of(key);
        if (k != null) {
          index.computeIfAbsent(k, x -> new ArrayList<>(1)).add(key);
        }
      }
    }
  }

  /** fabric8's own answer, by scanning the store (tests compare the index with it). */
  Map.Entry<AttributeSet, String> scanFind(AttributeSet query) {
    return super.findResource(query);
  }

  @Override
  public void reset() {
    super.reset();
    under(lock, index::clear);
  }

  /** GET of one named object from the index; lists and watches as fabric8 serves them. */
  @Override
  public MockResponse handleGet(String path) {
    AttributeSet query = path.contains("watch") ? null : attributeExtractor.fromPath(path);
    NameKey k = query == null ? null : NameKey.ofQuery(query);
    if (k == null) {
      return super.handleGet(path);
    }
    return under(lock.readLock(), () -> {
      Map.Entry<AttributeSet, String> e = findResource(query);
      return e == null ? new MockResponse().setResponseCode(404) : new MockResponse().setResponseCode(200).setBody(e.getValue());
    });
  }

  /**
   * DELETE of one named object from the index, with fabric8's semantics: every matching object is
   * deleted, or only marked for deletion while it has finalizers; the answer is the first one's
   * stored state, or 404.
   */
  @Override
  public MockResponse handleDelete(String path) {
    AttributeSet query = attributeExtractor.fromPath(path);
    NameKey k = NameKey.ofQuery(query);
    if (k == null) {
      return super.handleDelete(path);
    }
    return under(lock.writeLock(), () -> {
      List<AttributeSet> matching = new ArrayList<>();
      for (AttributeSet key : index.getOrDefault(k, List.of())) {
        if (key.matches(query)) {
          matching.add(key);
        }
      }
      String first = null;
      for (AttributeSet key : matching) {
        String json = map.get(key);
        if (first == null) {
          first = json;
        }
        deleteOrMark(path, query, key, json);
      }
      return first == null ? new MockResponse().setResponseCode(404) : new MockResponse().setResponseCode(200).setBody(first);
    });
  }

  private void deleteOrMark(String path, AttributeSet query, AttributeSet key, String json) {
    GenericKubernetesResource r = Serialization.unmarshal(json, GenericKubernetesResource.class);
    if (r.getFinalizers().isEmpty()) {
      processEvent(path, query, key, null, null);
    } else if (!r.isMarkedForDeletion()) {
      r.getMetadata().setDeletionTimestamp(
          ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      r.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
      processEvent(path, query, key, r, Serialization.asJson(r));
    }
  }

  private static void under(ReadWriteLock rw, Runnable r) {
    under(rw.writeLock(), () -> {
      r.run();
      return null;
    });
  }

  private static <T> T under(java.util.concurrent.locks.Lock l, Supplier<T> s) {
    l.lock();
    try {
      return s.get();
    } finally {
      l.unlock();
    }
  }
}
