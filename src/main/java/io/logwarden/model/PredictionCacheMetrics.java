package io.logwarden.model;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The prediction cache on /actuator/prometheus: {@code logwarden_model_prediction_cache_total{result="hit|miss"}}
 * (a low hit rate on repetitive traffic means the budget is too small) and its entry count.
 */
@Component
public class PredictionCacheMetrics implements MeterBinder {

    private final ModelManager models;

    public PredictionCacheMetrics(ModelManager models) {
        this.models = models;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        PredictionCache cache = models.predictions();
        FunctionCounter.builder("logwarden.model.prediction.cache", cache, PredictionCache::hits).tag("result", "hit")
                .description("windows whose next-key probabilities came from the cache (no forward pass)").register(registry);
        FunctionCounter.builder("logwarden.model.prediction.cache", cache, PredictionCache::misses).tag("result", "miss")
                .description("windows the network had to predict").register(registry);
        Gauge.builder("logwarden.model.prediction.cache.entries", cache, PredictionCache::entries)
                .description("histories held by the prediction cache").register(registry);
    }
}
