package io.logwarden.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.scoring.Prediction;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;

/**
 * Lists stored as JSON text (alerts and incidents): portable across H2 and PostgreSQL, and a row is always
 * read whole, never queried by the members of its lists. A missing list is stored as {@code []}.
 */
public final class JsonColumns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonColumns() {
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store a " + value.getClass().getSimpleName() + " column as JSON", e);
        }
    }

    public static <T> List<T> readList(String column, TypeReference<List<T>> type) {
        try {
            return column == null ? List.of() : JSON.readValue(column, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored column is not valid JSON: " + column, e);
        }
    }

    abstract static class JsonList<T> implements AttributeConverter<List<T>, String> {
        private final TypeReference<List<T>> type;

        JsonList(TypeReference<List<T>> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(List<T> value) {
            return write(value == null ? List.of() : value);
        }

        @Override
        public List<T> convertToEntityAttribute(String column) {
            return readList(column, type);
        }
    }

    @Converter
    public static class IntegerList extends JsonList<Integer> {
        public IntegerList() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class StringList extends JsonList<String> {
        public StringList() {
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
