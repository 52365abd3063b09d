package io.logwarden.live;

/** The pipeline on the embedded default database (file H2 in the test's data directory). */
class H2PipelineWebSocketTest extends PipelineWebSocketTest {
}
