package io.logwarden.feedback;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/** The learned-normal set of one model as stored in {@code <data-dir>/learned-normal/<model>.json}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LearnedNormalFile(int format, String model, long version, Instant updatedAt, List<NormalPattern> patterns) {

    static final int FORMAT = 1;

    static LearnedNormalFile empty(String model) {
        return new LearnedNormalFile(FORMAT, model, 0, null, List.of());
    }
}
