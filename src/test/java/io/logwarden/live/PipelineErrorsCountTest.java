package io.logwarden.live;

import io.logwarden.ops.DatabaseFailures;
import io.logwarden.ops.DatabaseRetryLog;
import io.logwarden.ops.FailedLine;
import io.logwarden.parse.LineHeaders;
import io.logwarden.tail.LineAcks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static org.assertj.core.api.Assertions.assertThat;

/** The real routes/errors.yaml counts a failure once, through the one stats bean, per source and per failing route. */
class PipelineErrorsCountTest {

    private static final String SOURCE = "/var/log/a.log";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamingStats stats = new StreamingStats(registry, new WebSocketClients());
    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        FailedLine failedLine = new FailedLine();
        camel.getRegistry().bind("streamingStats", stats);
        camel.getRegistry().bind("databaseFailures", new DatabaseFailures());
        camel.getRegistry().bind("databaseRetryLog", new DatabaseRetryLog(registry, failedLine,
                new org.springframework.beans.factory.support.StaticListableBeanFactory().getBeanProvider(javax.sql.DataSource.class)));
        camel.getRegistry().bind("failedLine", failedLine);
        camel.getRegistry().bind("lineAcks", new LineAcks());
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/errors.yaml"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bad-line").routeId("parse-lines").routeConfigurationId("pipeline-errors")
                        .throwException(new IllegalArgumentException("no template fits"));
                // the windows route's handler has no database retries, and counts the same way
                from("direct:bad-window").routeId("sliding-windows").routeConfigurationId("line-errors")
                        .throwException(new IllegalArgumentException("no template fits"));
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @ParameterizedTest
    @CsvSource({"direct:bad-line, parse-lines", "direct:bad-window, sliding-windows"})
    void aDroppedMessageCountsForItsSourceInTotalAndForItsRoute(String endpoint, String route) {
        producer.sendBodyAndHeader(endpoint, "Dec 6 01:00:00 host x", LineHeaders.SOURCE, SOURCE);
        assertThat(stats.of(SOURCE).errors()).isEqualTo(1);
        assertThat(stats.of(SOURCE).lastError()).isEqualTo("no template fits");
        assertThat(stats.total().errors()).isEqualTo(1);
        assertThat(errors(route).count()).isEqualTo(1);
    }

    private Counter errors(String stage) {
        return registry.get("logwarden.errors").tag("stage", stage).counter();
    }
}
