package io.logwarden.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.logwarden.kafka.ScaleOutProperties.RecordFormat;
import io.logwarden.parse.LineHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector marks the last line of a poll ({@link LineHeaders#LAST_OF_READ}): the scoring batch holding its window
 * goes at once, and commitIfLastOfPoll, which waits for the poll's windows, does not wait for the batch timer. Only
 * the poll's last record's last line is marked (a record can hold several lines: OTLP). The steps are those of
 * routes/kafka-detector.yaml between the consumer and direct:log-lines; the broker's part is in KafkaRolesTest.
 */
class DetectorRecordsMarksTest {

    private final List<String> marked = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ScaleOutProperties properties = new ScaleOutProperties(new ScaleOutProperties.Kafka("b:9092", "logs", "g", "earliest",
                500, Duration.ofSeconds(60), "", RecordFormat.AUTO, List.of("message"), List.of("source"),
                List.of("timestamp"), List.of("host"), "logwarden-control", "logwarden-live", 200, 10000, Duration.ofSeconds(30)));
        DetectorRecords records = new DetectorRecords(properties, meters, new OffsetWatermarks(meters, Duration.ofMillis(50)),
                new RecordAcks());
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("detectorRecords", records);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:polled").bean("detectorRecords", "toLines")
                        .split(body())
                            .bean("detectorRecords", "toLine")
                            .process(e -> {
                                String text = e.getMessage().getBody(String.class);
                                lines.add(text);
                                if (e.getMessage().getHeader(LineHeaders.LAST_OF_READ, false, Boolean.class)) {
                                    marked.add(text);
                                }
                            })
                            .bean("detectorRecords", "lineDone")
                        .end()
                        .bean("detectorRecords", "recordDone");
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private void consume(long offset, String value, boolean lastOfPoll) {
        producer.sendBodyAndHeaders("direct:polled", value, Map.of(KafkaConstants.TOPIC, "logs", KafkaConstants.PARTITION, 0,
                KafkaConstants.OFFSET, offset, KafkaConstants.KEY, "node-1:/var/log/app.log",
                KafkaConstants.LAST_POLL_RECORD, lastOfPoll));
    }

    private static String otlp(String... bodies) {
        StringBuilder records = new StringBuilder();
        for (String body : bodies) {
            records.append(records.isEmpty() ? "" : ",").append("{\"body\":{\"stringValue\":\"").append(body).append("\"}}");
        }
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                + "\"checkout\"}}]},\"scopeLogs\":[{\"logRecords\":[" + records + "]}]}]}";
    }

    @Test
    void onlyTheLastLineOfAPollIsMarked() {
        consume(0, "first poll, only record", true);
        consume(1, "second poll, first record", false);
        consume(2, otlp("second poll, last record, line 1", "second poll, last record, line 2"), true);
        consume(3, "third poll, not over yet", false);

        assertThat(lines).hasSize(5);
        assertThat(marked).containsExactly("first poll, only record", "second poll, last record, line 2");
    }
}
