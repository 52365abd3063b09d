package io.logwarden.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.springframework.stereotype.Component;

/** Reads request bodies into records, turning every way JSON can be wrong into a 400 that says how. */
@Component
public class JsonRequests {

    private final ObjectMapper json;

    public JsonRequests(ObjectMapper json) {
        this.json = json;
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
            throw new ApiException(400, "invalid_field", "field \"" + field + "\" has the wrong type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed_json", "the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
