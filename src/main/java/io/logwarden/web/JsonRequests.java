package io.logwarden.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.stereotype.Component;

/** Reads request bodies into records, turning every way JSON can be wrong into a 400 that says how. */
@Component
public class JsonRequests {

    private final ObjectMapper json;

    public JsonRequests(ObjectMapper json) {
        // a private copy that takes types literally: {"log_file":123} or {"window_size":"10"} are 400s, not guesses
        this.json = json.copy()
                .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        this.json.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.json.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        this.json.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        this.json.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }

    public <T> T read(String body, Class<T> type, T whenEmpty) {
        if (body == null || body.isBlank()) {
            if (whenEmpty != null) {
                return whenEmpty;
            }
            throw new ApiException(400, "missing_body", "the request needs a JSON body");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new ApiException(400, "malformed_json", "the request body must be a JSON object");
            }
            return value;
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new ApiException(400, "invalid_field", "field \"" + field + "\" has the wrong type: "
                    + ApiException.shorten(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed_json", "the request body is not valid JSON: "
                    + ApiException.shorten(e.getOriginalMessage()));
        }
    }
}
