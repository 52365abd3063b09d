package io.logwarden.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.model.Prediction;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;

/**
 * Lists stored as JSON text: portable across H2 and PostgreSQL, and an alert is always read whole,
 * never queried by the members of its window.
 */
final class JsonColumns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonColumns() {
    }

    abstract static class JsonList<T> implements AttributeConverter<List<T>, String> {
        private final TypeReference<List<T>> type;

        JsonList(TypeReference<List<T>> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(List<T> value) {
            try {
                return value == null ? null : JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot store alert column as JSON", e);
            }
        }

        @Override
        public List<T> convertToEntityAttribute(String column) {
            try {
                return column == null ? List.of() : JSON.readValue(column, type);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored alert column is not valid JSON: " + column, e);
            }
        }
    }

    @Converter
    static class IntegerList extends JsonList<Integer> {
        IntegerList() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    static class StringList extends JsonList<String> {
        StringList() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    static class PredictionList extends JsonList<Prediction> {
        PredictionList() {
            super(new TypeReference<>() { });
        }
    }
}
