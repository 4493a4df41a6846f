package io.argosy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the protocol, used by both ends. Unknown properties are ignored
 * so that a newer peer can add fields; nulls are left out to keep frames small.
 */
public final class ApiCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private ApiCodec() {}

  /** The shared mapper, for values that are not messages (e.g. the {@code argosy.io/devices} annotation). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String encode(Message m) {
    try {
      return MAPPER.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + m.getClass().getSimpleName(), e);
    }
  }

  /** Decodes one frame; {@link ProtocolException} names what is wrong. */
  public static Message decode(String json) {
    try {
      return MAPPER.readValue(json, Message.class);
    } catch (JsonProcessingException e) {
      throw new ProtocolException("invalid message: " + e.getOriginalMessage(), e);
    }
  }

  /** Any value as JSON with the protocol's configuration. */
  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads a value written by {@link #toJson(Object)}. */
  public static <T> T fromJson(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new ProtocolException("invalid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
