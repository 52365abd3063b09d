package io.logwarden.kafka;

import io.logwarden.kafka.ScaleOutProperties.RecordFormat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The record shapes other shippers write to Kafka, as their documentation shows them. */
class RecordDecoderTest {

    private static final RecordDecoder.Coordinates AT = new RecordDecoder.Coordinates("logs", 2, 41, null, Map.of());

    private static RecordDecoder decoder(RecordFormat format, List<String> messageFields, List<String> sourceFields) {
        return new RecordDecoder(new ScaleOutProperties.Kafka("b:9092", "logs", "g", "earliest", 500, java.time.Duration.ofSeconds(60), "", format,
                messageFields, sourceFields, List.of("timestamp", "@timestamp", "time", "date"), List.of("host", "hostname", "host.name"),
                "logwarden-control", "logwarden-live", 200, 10000,
                java.time.Duration.ofSeconds(30)));
    }

    private static RecordDecoder defaults() {
        return decoder(RecordFormat.AUTO, List.of("message", "log", "msg", "MESSAGE"),
                List.of("source", "file", "filename", "path", "log.file.path", "log.file.name", "service.name"));
    }

    @Test
    void fluentBitJsonWithEpochSecondsAndPathKey() {
        // [OUTPUT] kafka, format json, timestamp_key @timestamp; [INPUT] tail with path_key filename
        RecordDecoder.Decoded d = defaults().decode(
                "{\"@timestamp\":1764756000.25,\"log\":\"sshd[9]: Failed password for root\\n\",\"filename\":\"/var/log/auth.log\"}", AT);
        assertThat(d.shape()).isEqualTo("json");
        KafkaLine line = d.lines().get(0);
        assertThat(line.text()).isEqualTo("sshd[9]: Failed password for root");
        assertThat(line.source()).isEqualTo("/var/log/auth.log");
        assertThat(line.timestamp()).isEqualTo(Instant.ofEpochSecond(1764756000L, 250_000_000L));
        assertThat(line.lineNumber()).isEqualTo(42);
        assertThat(line.origin()).isEqualTo("logs/2/41");
    }

    @Test
    void vectorJsonFromTheFileSource() {
        RecordDecoder.Decoded d = defaults().decode("{\"file\":\"/var/log/syslog\",\"host\":\"node-1\",\"message\":\"cron[5]: job done\","
                + "\"source_type\":\"file\",\"timestamp\":\"2026-12-03T10:00:00.123456Z\"}", AT);
        KafkaLine line = d.lines().get(0);
        assertThat(line.text()).isEqualTo("cron[5]: job done");
        assertThat(line.source()).isEqualTo("/var/log/syslog");
        assertThat(line.host()).isEqualTo("node-1");
        assertThat(line.timestamp()).isEqualTo(Instant.parse("2026-12-03T10:00:00.123456Z"));
    }

    @Test
    void openTelemetryOtlpJsonGivesOneLinePerLogRecordWithResourceFallback() {
        String otlp = "{\"resourceLogs\":[{\"resource\":{\"attributes\":["
                + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"checkout\"}},"
                + "{\"key\":\"host.name\",\"value\":{\"stringValue\":\"node-9\"}}]},"
                + "\"scopeLogs\":[{\"scope\":{\"name\":\"x\"},\"logRecords\":["
                + "{\"timeUnixNano\":\"1764756000000000001\",\"body\":{\"stringValue\":\"first\"},"
                + "\"attributes\":[{\"key\":\"log.file.path\",\"value\":{\"stringValue\":\"/var/log/a.log\"}}]},"
                + "{\"observedTimeUnixNano\":\"1764756000000000002\",\"body\":{\"stringValue\":\"second\"}},"
                + "{\"timeUnixNano\":\"1\"}]}]}]}";
        RecordDecoder.Decoded d = defaults().decode(otlp, AT);
        assertThat(d.shape()).isEqualTo("otlp");
        assertThat(d.lines()).extracting(KafkaLine::text).containsExactly("first", "second");
        assertThat(d.lines()).extracting(KafkaLine::source).containsExactly("/var/log/a.log", "checkout");
        assertThat(d.lines()).extracting(KafkaLine::host).containsOnly("node-9");
        assertThat(d.lines()).extracting(KafkaLine::origin).containsExactly("logs/2/41#0", "logs/2/41#1");
        assertThat(d.lines().get(1).timestamp()).isEqualTo(Instant.ofEpochSecond(1764756000L, 2));
    }

    @Test
    void configuredFieldNamesWinAndNestedPathsWork() {
        RecordDecoder custom = decoder(RecordFormat.JSON, List.of("event.original"), List.of("kubernetes.pod_name"));
        KafkaLine line = custom.decode("{\"event\":{\"original\":\"GET /x 500\"},\"kubernetes\":{\"pod_name\":\"web-1\"},\"message\":\"ignored\"}", AT)
                .lines().get(0);
        assertThat(line.text()).isEqualTo("GET /x 500");
        assertThat(line.source()).isEqualTo("web-1");
    }

    @Test
    void rawTextTakesTheKeyOrTheTopicAsSource() {
        assertThat(defaults().decode("plain line\n", new RecordDecoder.Coordinates("logs", 0, 0, "app-1", Map.of())).lines().get(0))
                .extracting(KafkaLine::text, KafkaLine::source).containsExactly("plain line", "app-1");
        assertThat(defaults().decode("{broken json", AT).lines().get(0))
                .extracting(KafkaLine::text, KafkaLine::source).containsExactly("{broken json", "kafka:logs");
        // raw format never parses JSON
        assertThat(decoder(RecordFormat.RAW, List.of("message"), List.of("source")).decode("{\"message\":\"m\"}", AT).lines().get(0).text())
                .isEqualTo("{\"message\":\"m\"}");
    }

    @Test
    void agentRecordsKeepTheirHeaders() {
        RecordDecoder.Coordinates at = new RecordDecoder.Coordinates("logs", 1, 7, "h:/var/log/x", Map.of(
                "LogwardenSource", "h:/var/log/x", "LogwardenLineNumber", "1234", "LogwardenWindowSize", "6",
                "LogwardenFileIdentity", "1:2:ff", "LogwardenHost", "h"));
        KafkaLine line = defaults().decode("a line", at).lines().get(0);
        assertThat(line).isEqualTo(new KafkaLine("a line", "h:/var/log/x", 1234, "1:2:ff", "h", null, 6, "logs/1/7"));
    }

    @Test
    void anAgentLineSentTwiceKeepsOneAlertKeyAnotherShippersLineIsKnownByItsRecord() {
        Map<String, String> headers = Map.of("LogwardenSource", "h:/var/log/x", "LogwardenLineNumber", "1234",
                "LogwardenFileIdentity", "1:2:ff");
        // the agent resent the line after a lost acknowledgement: the broker holds it at two offsets
        KafkaLine first = defaults().decode("a line", new RecordDecoder.Coordinates("logs", 1, 7, "h:/var/log/x", headers)).lines().get(0);
        KafkaLine again = defaults().decode("a line", new RecordDecoder.Coordinates("logs", 1, 8, "h:/var/log/x", headers)).lines().get(0);
        assertThat(first.origin()).isNotEqualTo(again.origin());
        assertThat(first.alertOrigin()).isEqualTo(again.alertOrigin()).contains("h:/var/log/x", "1:2:ff", "1234");
        KafkaLine next = defaults().decode("a line", new RecordDecoder.Coordinates("logs", 1, 9, "h:/var/log/x", Map.of(
                "LogwardenSource", "h:/var/log/x", "LogwardenLineNumber", "1235", "LogwardenFileIdentity", "1:2:ff"))).lines().get(0);
        assertThat(next.alertOrigin()).isNotEqualTo(first.alertOrigin());

        KafkaLine shipped = defaults().decode("{\"log\":\"x\",\"filename\":\"/var/log/a\"}", AT).lines().get(0);
        assertThat(shipped.alertOrigin()).isEqualTo(shipped.origin());
    }

    @Test
    void recordsWithoutALineAreRejectedWithAReason() {
        assertThat(defaults().decode("{\"level\":\"info\"}", AT).rejected()).contains("message fields");
        assertThat(decoder(RecordFormat.JSON, List.of("message"), List.of("source")).decode("not json", AT).rejected()).startsWith("not JSON");
        assertThat(defaults().decode("{\"resourceLogs\":[]}", AT).rejected()).isEqualTo("no log records");
        assertThat(defaults().decode(null, AT).rejected()).contains("tombstone");
    }

    @Test
    void epochNumbersOfEveryPrecision() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        long s = t.getEpochSecond();
        assertThat(RecordDecoder.timestamp(json.valueToTree(s))).isEqualTo(t);
        assertThat(RecordDecoder.timestamp(json.valueToTree(s * 1000))).isEqualTo(t);
        assertThat(RecordDecoder.timestamp(json.valueToTree(s * 1_000_000))).isEqualTo(t);
        assertThat(RecordDecoder.timestamp(json.valueToTree(s * 1_000_000_000))).isEqualTo(t);
        assertThat(RecordDecoder.timestamp(json.valueToTree("yesterday"))).isNull();
    }
}
