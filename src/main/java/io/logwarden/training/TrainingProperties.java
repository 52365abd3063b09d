package io.logwarden.training;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Training through the API (POST /api/v1/models/train).
 *
 * @param maxEpochs most epochs a training request may ask for
 * @param queueSize training jobs that may wait behind the running one; beyond it the API answers 429
 */
@ConfigurationProperties(prefix = "logwarden.training")
@Validated
public record TrainingProperties(@DefaultValue("100") @Positive int maxEpochs,
                                 @DefaultValue("2") @PositiveOrZero int queueSize) {
}
