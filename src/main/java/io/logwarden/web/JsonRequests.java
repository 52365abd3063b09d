package io.logwarden.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Request bodies the REST binding does not read (the upload's raw JSON form), and the 400s every way
 * JSON can be wrong turns into, for those and for the binding's own failures (ApiErrors).
 */
@Component
public class JsonRequests {

    private final ObjectMapper json;

    public JsonRequests(ObjectMapper json) {
        this.json = StrictJson.configure(json.copy());
    }

    public <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw missingBody();
        }
        try {
            return required(json.readValue(body, type));
        } catch (JsonProcessingException e) {
            throw refusal(e);
        }
    }

    /** A body the binding read: absent (or JSON null) is a 400. */
    public static <T> T required(T body) {
        if (body == null) {
            throw missingBody();
        }
        return body;
    }

    static ApiException refusal(JsonProcessingException e) {
        boolean trailing = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token");
        if (e instanceof PropertyBindingException unknown) {
            String field = fieldPath(unknown.getPath());
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return new ApiException(400, "unknown_field", "field \"" + field + "\" is not one this request takes"
                    + (known.isEmpty() ? " (it takes no fields)" : " (it takes: " + String.join(", ", known) + ")"));
        }
        if (e instanceof MismatchedInputException mismatch && !trailing) {
            String field = fieldPath(mismatch.getPath());
            // Jackson's own text names Java types and its settings: the client wrote JSON, so it is told in JSON terms
            return new ApiException(400, "invalid_field", "field \"" + field + "\" has the wrong type: expected "
                    + expected(mismatch.getTargetType()));
        }
        if (trailing) {
            // Jackson's text names the Java class bound and its setting, of no use to the client
            return new ApiException(400, "malformed_json", "the request body holds more than one JSON value; send one object");
        }
        return new ApiException(400, "malformed_json", "the request body is not valid JSON: "
                + ApiException.shorten(e.getOriginalMessage()));
    }

    /** What a JSON value must be to fill a field of {@code type}. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).toList();
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == java.time.Instant.class || type == java.time.Duration.class) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** Where in the body the wrong value sits, e.g. {@code ids[2]} or {@code body} for the whole body. */
    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder where = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                where.append(where.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                where.append('[').append(step.getIndex()).append(']');
            }
        }
        return where.isEmpty() ? "body" : where.toString();
    }

    static ApiException missingBody() {
        return new ApiException(400, "missing_body", "the request needs a JSON body");
    }
}
