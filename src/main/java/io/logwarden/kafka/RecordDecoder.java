package io.logwarden.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.kafka.ScaleOutProperties.RecordFormat;
import io.logwarden.parse.LineHeaders;
import io.logwarden.window.WindowHeaders;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the lines out of one Kafka record value, whoever wrote it:
 * <ul>
 *   <li>a Logwarden agent: raw text plus {@code Logwarden*} record headers;</li>
 *   <li>raw text from any producer (source: the record key, else {@code kafka:<topic>});</li>
 *   <li>a flat JSON object, as Fluent Bit's ({@code format json}) and Vector's ({@code encoding.codec: json})
 *       Kafka outputs write: message, source, host and timestamp from the configured field names;</li>
 *   <li>an OpenTelemetry Collector Kafka exporter record with {@code encoding: otlp_json}: an
 *       {@code ExportLogsServiceRequest}, one line per log record, the fields looked up in the log
 *       record's attributes first, then in its resource's attributes.</li>
 * </ul>
 * Pure: no Camel, no I/O, so every shape is unit-tested.
 */
public class RecordDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScaleOutProperties.Kafka settings;

    public RecordDecoder(ScaleOutProperties.Kafka settings) {
        this.settings = settings;
    }

    /** What one record yields: lines, or none with the reason it was rejected. */
    public record Decoded(String shape, List<KafkaLine> lines, String rejected) {
        static Decoded reject(String shape, String reason) {
            return new Decoded(shape, List.of(), reason);
        }
    }

    /** Where a record was read; {@code headers} holds its {@code Logwarden*} headers decoded as UTF-8. */
    public record Coordinates(String topic, int partition, long offset, String key, Map<String, String> headers) {
        String origin() {
            return topic + "/" + partition + "/" + offset;
        }
    }

    public Decoded decode(String value, Coordinates at) {
        if (value == null) {
            return Decoded.reject("none", "empty record (tombstone)");
        }
        RecordFormat format = settings.format();
        boolean looksJson = value.stripLeading().startsWith("{");
        if (format == RecordFormat.RAW || (format == RecordFormat.AUTO && !looksJson)) {
            return raw(value, at);
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            if (format == RecordFormat.AUTO) {
                return raw(value, at); // a text line that happens to start with "{"
            }
            return Decoded.reject("json", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return format == RecordFormat.AUTO ? raw(value, at) : Decoded.reject("json", "not a JSON object");
        }
        if (root.has("resourceLogs")) {
            return otlp(root, at);
        }
        return flat(root, at);
    }

    private Decoded raw(String value, Coordinates at) {
        String line = stripNewline(value);
        Map<String, String> h = at.headers();
        String source = h.get(LineHeaders.SOURCE);
        if (source != null && !source.isBlank()) {
            return new Decoded("agent", List.of(new KafkaLine(line, source, parseLong(h.get(LineHeaders.LINE_NUMBER), at.offset() + 1),
                    h.getOrDefault(KafkaLineHeaders.FILE_IDENTITY, ""), h.getOrDefault(KafkaLineHeaders.HOST, ""),
                    null, parseInt(h.get(WindowHeaders.SIZE)), at.origin())), null);
        }
        return new Decoded("raw", List.of(new KafkaLine(line, fallbackSource(at), at.offset() + 1, "", "", null, null,
                at.origin())), null);
    }

    private Decoded flat(JsonNode root, Coordinates at) {
        String message = firstText(root, settings.messageFields());
        if (message == null) {
            return Decoded.reject("json", "none of the message fields " + settings.messageFields() + " is present");
        }
        String source = firstText(root, settings.sourceFields());
        String host = firstText(root, settings.hostFields());
        Instant timestamp = timestamp(first(root, settings.timestampFields()));
        return new Decoded("json", List.of(new KafkaLine(stripNewline(message), source == null ? fallbackSource(at) : source,
                at.offset() + 1, "", host == null ? "" : host, timestamp, null, at.origin())), null);
    }

    private Decoded otlp(JsonNode root, Coordinates at) {
        List<KafkaLine> lines = new ArrayList<>();
        int index = 0;
        int withoutBody = 0;
        for (JsonNode resourceLogs : root.path("resourceLogs")) {
            JsonNode resource = resourceLogs.path("resource").path("attributes");
            for (JsonNode scopeLogs : resourceLogs.path("scopeLogs")) {
                for (JsonNode record : scopeLogs.path("logRecords")) {
                    JsonNode attributes = record.path("attributes");
                    String body = anyValue(record.path("body"));
                    if (body == null) {
                        withoutBody++;
                        continue;
                    }
                    String source = firstAttribute(settings.sourceFields(), attributes, resource);
                    String host = firstAttribute(settings.hostFields(), attributes, resource);
                    Instant timestamp = nanos(record.path("timeUnixNano"));
                    if (timestamp == null) {
                        timestamp = nanos(record.path("observedTimeUnixNano"));
                    }
                    lines.add(new KafkaLine(stripNewline(body), source == null ? fallbackSource(at) : source, at.offset() + 1,
                            "", host == null ? "" : host, timestamp, null, at.origin() + "#" + index++));
                }
            }
        }
        if (lines.isEmpty()) {
            return Decoded.reject("otlp", withoutBody > 0 ? "no log record has a body" : "no log records");
        }
        return new Decoded("otlp", List.copyOf(lines), null);
    }

    private static String fallbackSource(Coordinates at) {
        return at.key() != null && !at.key().isBlank() ? at.key() : "kafka:" + at.topic();
    }

    /** A field by its literal name (Vector's "log.file.path" style keys), else by a dotted path into nested objects. */
    private static JsonNode field(JsonNode root, String name) {
        JsonNode direct = root.get(name);
        if (direct != null && !direct.isNull()) {
            return direct;
        }
        if (name.indexOf('.') > 0) {
            JsonNode node = root;
            for (String part : name.split("\\.")) {
                node = node.path(part);
            }
            if (!node.isMissingNode() && !node.isNull()) {
                return node;
            }
        }
        return null;
    }

    private static JsonNode first(JsonNode root, List<String> names) {
        for (String name : names) {
            JsonNode node = field(root, name);
            if (node != null) {
                return node;
            }
        }
        return null;
    }

    private static String firstText(JsonNode root, List<String> names) {
        JsonNode node = first(root, names);
        if (node == null) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static String firstAttribute(List<String> names, JsonNode... attributeLists) {
        for (String name : names) {
            for (JsonNode attributes : attributeLists) {
                for (JsonNode attribute : attributes) {
                    if (name.equals(attribute.path("key").asText())) {
                        String value = anyValue(attribute.path("value"));
                        if (value != null) {
                            return value;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** An OTLP AnyValue: stringValue, intValue, ... or, for maps and arrays, its JSON. */
    private static String anyValue(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull() || value.isEmpty()) {
            return null;
        }
        for (String kind : List.of("stringValue", "intValue", "doubleValue", "boolValue", "bytesValue")) {
            if (value.has(kind)) {
                return value.get(kind).asText();
            }
        }
        return value.toString();
    }

    private static Instant nanos(JsonNode value) {
        if (value == null || value.isMissingNode() || value.asText().isBlank()) {
            return null;
        }
        try {
            long nanos = Long.parseLong(value.asText());
            return nanos == 0 ? null : Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** ISO-8601 text, or a number of epoch seconds (Fluent Bit's float), milliseconds, microseconds or nanoseconds. */
    static Instant timestamp(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber() || value.asText().matches("\\d+(\\.\\d+)?")) {
            BigDecimal number = new BigDecimal(value.asText());
            BigDecimal seconds;
            if (number.compareTo(BigDecimal.valueOf(1e11)) < 0) {
                seconds = number;
            } else if (number.compareTo(BigDecimal.valueOf(1e14)) < 0) {
                seconds = number.movePointLeft(3);
            } else if (number.compareTo(BigDecimal.valueOf(1e17)) < 0) {
                seconds = number.movePointLeft(6);
            } else {
                seconds = number.movePointLeft(9);
            }
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String stripNewline(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static long parseLong(String text, long fallback) {
        try {
            return text == null ? fallback : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Integer parseInt(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
