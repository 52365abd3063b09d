package io.logwarden.scoring;

import ai.djl.Model;
import io.logwarden.model.DeepLogNetwork;
import io.logwarden.model.ModelManager;
import io.logwarden.model.PredictionCache;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans of the scoring route: the prediction cache, the micro-batch aggregation strategy, the
 * {@code deepLogModel} that camel-djl looks up (bound into the Camel registry at start, so that an
 * engine that cannot load leaves the lookup empty, the djl: call fails and the fallback answers
 * instead of the service not starting), and the {@code scoring} health indicator.
 */
@Configuration(proxyBeanMethods = false)
public class DjlServingConfiguration {

    public static final String MODEL_BEAN = "deepLogModel";
    private static final Logger log = LoggerFactory.getLogger(DjlServingConfiguration.class);

    /** The detector's cache of predictions, which ModelManager gives every model it loads. */
    @Bean
    PredictionCache predictionCache(ScoringProperties scoring) {
        return new PredictionCache(scoring.predictionCache().toBytes());
    }

    @Bean
    AggregationStrategy windowBatches() {
        return new GroupedBodyAggregationStrategy();
    }

    @Bean
    CamelContextConfiguration deeplogModelBinding(ModelManager models) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                try {
                    Model serving = Model.newInstance("deeplog-serving", DeepLogNetwork.ENGINE);
                    serving.setBlock(new ActiveModelBlock());
                    camelContext.getRegistry().bind(MODEL_BEAN, Model.class, serving);
                } catch (RuntimeException | LinkageError e) {
                    models.inferenceFailed(e);
                    log.error("Scoring DEGRADED: the {} engine did not load, the statistical fallback answers", DeepLogNetwork.ENGINE, e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do
            }
        };
    }

    @Bean("scoring")
    HealthIndicator scoringHealth(WindowScoring scoring) {
        return () -> {
            ScorerStatus status = scoring.status();
            Health.Builder health = WindowScoring.DEGRADED.equals(status.state())
                    ? Health.status(new Status(WindowScoring.DEGRADED, status.reason())) : Health.up();
            health.withDetail("scorer", status.scorer()).withDetail("errors", status.errors());
            if (status.model() != null) health.withDetail("model", status.model());
            if (status.reason() != null) health.withDetail("reason", status.reason());
            return health.build();
        };
    }
}
