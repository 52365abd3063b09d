package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Version 9 (issue 17), with lines made up for this test: an SQL statement a database or an ORM logs
 * is one value, however many query shapes the program has. Version 8 made a template per shape.
 */
class StatementValuesTest {

    private static final List<String> STATEMENTS = List.of(
            "SELECT id, status FROM orders WHERE id = 42",
            "SELECT count(*) FROM users",
            "UPDATE items SET status = 'done', updated_at = now() WHERE id = 7",
            "INSERT INTO payments (id, amount) VALUES (9, 12.5)",
            "DELETE FROM sessions WHERE created_at < now() - interval '3 days'",
            "WITH recent AS (SELECT * FROM orders) SELECT count(*) FROM recent");

    private static List<String> after(String prefix) {
        return STATEMENTS.stream().map(statement -> prefix + statement).toList();
    }

    @Test
    void aStatementIsOneValueWhateverItsShape() {
        for (String prefix : List.of("duration: 0.52 ms  statement: ", "Hibernate: ", "User Load (0.5ms)  ", "")) {
            assertThat(Mining.groups(8, after(prefix))).as(prefix).isGreaterThan(1);
            assertThat(Mining.groups(9, after(prefix))).as(prefix).isEqualTo(1);
        }
        // small letters, as Hibernate writes them and as people type them into psql
        assertThat(Mining.groups(9, after("Hibernate: ").stream().map(String::toLowerCase).toList())).isEqualTo(1);
        assertThat(Mining.groups(9, after("").stream().map(String::toLowerCase).toList())).isEqualTo(1);
    }

    @Test
    void theEventsAroundAStatementStayApart() {
        List<String> lines = Mining.interleaved(3,
                "duration: #.5 ms  statement: SELECT * FROM orders WHERE id = #",
                "duration: #.5 ms  execute S_#: SELECT * FROM orders WHERE id = #",
                "canceling statement due to lock timeout");
        assertThat(Mining.groups(9, lines)).isEqualTo(3);
    }

    @Test
    void proseWithTheKeywordsIsNotAStatement() {
        for (String prose : List.of("failed to delete from cache: key expired", "Select a file from the list",
                "will update the index and set a flag", "Update available: version 2 from mirror", "select",
                "delete from queue failed for job 7", "insert into cache skipped")) {
            String[] tokens = prose.split(" ");
            assertThat(ValueLists.collapseStatements(tokens)).as(prose).isSameAs(tokens);
        }
    }
}
