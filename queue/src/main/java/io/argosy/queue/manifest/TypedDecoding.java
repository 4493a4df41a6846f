package io.argosy.queue.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.argosy.gpu.InvalidSpecException;
import java.util.Collection;
import java.util.Map;

/**
 * Turns a document map into fabric8's typed model objects. Unknown fields are kept aside by the
 * models and otherwise ignored, as the API server does without strict validation; a value of the
 * wrong type becomes an error naming its field path.
 */
final class TypedDecoding {
  private final ObjectMapper mapper;

  TypedDecoding() {
    mapper = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
        // parallelism: 2.5 is an error in Kubernetes, not 2
        .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
  }

  ObjectMapper mapper() {
    return mapper;
  }

  <T> T decode(Map<String, Object> document, Class<T> type) {
    try {
      return mapper.convertValue(document, type);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof JsonMappingException jme) {
        throw new InvalidSpecException(path(jme), reason(jme));
      }
      throw new InvalidSpecException("", e.getMessage());
    }
  }

  /** Compact JSON of the document as submitted, for the agent. */
  String json(Object document) {
    try {
      return mapper.writeValueAsString(document);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a parsed document could not be written back as JSON", e);
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String reason(JsonMappingException e) {
    if (e instanceof InvalidFormatException ife) {
      return "cannot read " + describe(ife.getValue()) + " as " + typeName(ife.getTargetType());
    }
    if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
      return "expected " + typeName(mie.getTargetType());
    }
    String m = e.getOriginalMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String describe(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  static String typeName(Class<?> t) {
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
      return "an integer";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "a boolean";
    }
    if (t == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "a list";
    }
    if (t.getSimpleName().equals("Quantity")) {
      return "a quantity";
    }
    return "an object";
  }
}
