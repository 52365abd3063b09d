package io.logwarden.incident;

/** Incident grouping on the embedded default database (file H2). */
class H2IncidentGroupingTest extends IncidentGroupingTest {
}
