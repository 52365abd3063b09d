package io.logwarden.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.scoring.Severity;
import io.logwarden.support.LogwardenTestContext;
import io.logwarden.support.TestCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/scores/aggregate: highest and mean stored score per source and bucket, its roles and its errors. */
class ScoresApiTest extends LogwardenTestContext {

    @Autowired
    AlertRepository repository;

    private void store(String source, Instant createdAt, double score) {
        repository.save(new Alert(createdAt, source, score >= 9 ? Severity.CRITICAL : Severity.HIGH, score, List.of(1), List.of("a"), List.of("a 1"), 1, 1,
                "statistical", "test", List.of()));
    }

    @Test
    void answersTheHighestAndMeanScorePerSourceAndBucket() {
        String web = "scores-web-" + System.nanoTime();
        String db = "scores-db-" + System.nanoTime();
        // a fixed hour far from the other tests' alerts, which are stored "now"
        Instant from = Instant.parse("2020-02-01T10:00:00Z");
        store(web, from.plusSeconds(5), 7.0);
        store(web, from.plusSeconds(50), 9.0);     // same first minute: max 9, mean 8
        store(web, from.plusSeconds(130), 7.5);    // the third minute
        store(db, from.plusSeconds(61), 9.5);      // the second minute
        store(web, from.plusSeconds(3600), 9.9);   // at "to": outside (to is exclusive)
        store(web, from.minusSeconds(1), 9.9);     // before "from": outside

        Response answer = send(TestCredentials.asViewer(HttpRequest.newBuilder(
                uri("/api/v1/scores/aggregate?from=" + from + "&to=" + from.plusSeconds(3600) + "&bucket=1m"))).GET().build());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.path("bucket_seconds").asLong()).isEqualTo(60);
        assertThat(json.path("scores").asText()).isEqualTo("alerts");
        JsonNode series = json.path("series");
        // highest first
        assertThat(series.findValuesAsText("source")).containsExactly(db, web);
        JsonNode webBuckets = series.get(1).path("buckets");
        assertThat(webBuckets).hasSize(2);
        assertThat(webBuckets.get(0).path("start").asText()).isEqualTo("2020-02-01T10:00:00Z");
        assertThat(webBuckets.get(0).path("max").asDouble()).isEqualTo(9.0);
        assertThat(webBuckets.get(0).path("mean").asDouble()).isEqualTo(8.0);
        assertThat(webBuckets.get(0).path("count").asLong()).isEqualTo(2);
        assertThat(webBuckets.get(0).path("severity").asText()).as("the highest of the bucket").isEqualTo("CRITICAL");
        assertThat(webBuckets.get(1).path("start").asText()).isEqualTo("2020-02-01T10:02:00Z");
        assertThat(webBuckets.get(1).path("count").asLong()).isEqualTo(1);
        assertThat(series.get(0).path("buckets").get(0).path("start").asText()).isEqualTo("2020-02-01T10:01:00Z");
        assertThat(series.get(1).path("max").asDouble()).isEqualTo(9.0);

        // plain seconds work as the bucket too; one bucket of the whole hour
        JsonNode hour = get("/api/v1/scores/aggregate?from=" + from + "&to=" + from.plusSeconds(3600) + "&bucket=3600").json();
        JsonNode whole = hour.path("series").get(1).path("buckets");
        assertThat(whole).hasSize(1);
        assertThat(whole.get(0).path("count").asLong()).isEqualTo(3);
        assertThat(whole.get(0).path("mean").asDouble()).isCloseTo(23.5 / 3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void needsALoginLikeTheOtherReadEndpoints() {
        Response anonymous = sendAnonymously(HttpRequest.newBuilder(uri("/api/v1/scores/aggregate")).GET().build());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void answersBadParametersWithJsonErrors() {
        assertError(get("/api/v1/scores/aggregate?from=yesterday"), 400, "invalid_from");
        assertError(get("/api/v1/scores/aggregate?to=2020-13-01"), 400, "invalid_to");
        assertError(get("/api/v1/scores/aggregate?from=2020-02-01T11:00:00Z&to=2020-02-01T10:00:00Z"), 400, "invalid_range");
        assertError(get("/api/v1/scores/aggregate?bucket=0"), 400, "invalid_bucket");
        assertError(get("/api/v1/scores/aggregate?bucket=5x"), 400, "invalid_bucket");
        assertError(get("/api/v1/scores/aggregate?bucket=-5m"), 400, "invalid_bucket");
        assertError(get("/api/v1/scores/aggregate?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z&bucket=1s"), 400, "too_many_buckets");
        // Instant parses years up to a billion, where millisecond arithmetic overflows: a 400, not a 500
        assertError(get("/api/v1/scores/aggregate?to=%2B1000000000-12-31T23:59:59Z"), 400, "invalid_to");
        assertError(get("/api/v1/scores/aggregate?from=-1000000000-01-01T00:00:00Z"), 400, "invalid_from");
        assertError(get("/api/v1/scores/aggregate?from=%2B1000000000-12-31T23:59:58Z&to=%2B1000000000-12-31T23:59:59Z"), 400, "invalid_to");
        for (String bucket : List.of("%00", "%01", "5%00", "%20", "%2B5", "00000000000000000000000005", "%205m")) {
            assertError(get("/api/v1/scores/aggregate?bucket=" + bucket), 400, "invalid_bucket");
        }
    }
}
