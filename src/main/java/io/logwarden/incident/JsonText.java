package io.logwarden.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;

/** Incident lists stored as JSON text (the same on H2 and PostgreSQL); read whole, never queried by member. */
final class JsonText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonText() {
    }

    abstract static class JsonList<T> implements AttributeConverter<List<T>, String> {
        private final TypeReference<List<T>> type;

        JsonList(TypeReference<List<T>> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(List<T> value) {
            try {
                return JSON.writeValueAsString(value == null ? List.of() : value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot store incident column as JSON", e);
            }
        }

        @Override
        public List<T> convertToEntityAttribute(String column) {
            try {
                return column == null ? List.of() : JSON.readValue(column, type);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored incident column is not valid JSON: " + column, e);
            }
        }
    }

    @Converter
    static class Strings extends JsonList<String> {
        Strings() {
            super(new TypeReference<>() { });
        }
    }

    static List<SampleWindow> samples(String column) {
        try {
            return column == null ? List.of() : JSON.readValue(column, new TypeReference<List<SampleWindow>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored incident sample windows are not valid JSON", e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store incident column as JSON", e);
        }
    }
}
