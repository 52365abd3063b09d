package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Version 9 (issue 17), with lines made up for this test: a record an application prints in braces,
 * with as many fields and as deep a nesting as the record has, is one value. Version 8 started a
 * template per field count and per nesting.
 */
class DocumentValuesTest {

    private static int groups(int settingsVersion, List<String> lines) {
        return Mining.groups(settingsVersion, lines);
    }

    @Test
    void aDocumentOfFieldsIsOneValueWhateverItsFields() {
        List<String> mongo = List.of(
                "client metadata: { driver: { name: \"nodejs\", version: \"4.0.0\" }, os: { type: \"Linux\" } } from conn17",
                "client metadata: { driver: { name: \"pymongo\", version: \"3.12.1\" }, os: { type: \"Linux\", arch: \"x86_64\" }, platform: \"CPython 3.9\" } from conn2",
                "client metadata: { application: { name: \"MongoDB Shell\" } } from conn88");
        assertThat(groups(8, mongo)).isEqualTo(3);
        assertThat(groups(9, mongo)).isEqualTo(1);

        List<String> python = List.of(
                "Received task with kwargs {'user_id': 42, 'retry': True}",
                "Received task with kwargs {'user_id': 7, 'retry': False, 'queue': 'high'}",
                "Received task with kwargs {'order': 'A-17'}");
        assertThat(groups(9, python)).isEqualTo(1);

        List<String> go = List.of(
                "config loaded: &{Addr::8080 Timeout:30s Debug:false}",
                "config loaded: &{Addr::9090 Timeout:5s Debug:true Workers:4 Name:api}",
                "config loaded: &{Addr::80 Workers:8}");
        assertThat(groups(8, go)).isGreaterThan(1);
        assertThat(groups(9, go)).isEqualTo(1);

        List<String> java = List.of(
                "Dispatching Request{method=GET, uri=/api/orders, attempt=1} to pool-3",
                "Dispatching Request{method=POST, uri=/api/orders/17/items, attempt=2, body=Item{sku=A-1, qty=3}} to pool-1",
                "Dispatching Request{method=DELETE, uri=/api/carts/9} to pool-2");
        assertThat(groups(8, java)).isGreaterThan(1);
        assertThat(groups(9, java)).isEqualTo(1);
    }

    @Test
    void theEventsAroundADocumentStayApart() {
        List<String> lines = Mining.interleaved(3,
                "slow query: { find: \"orders\", filter: { status: \"open\", n: # } } took #ms",
                "slow update: { update: \"orders\", q: { _id: # } } took #ms",
                "query plan cached: { find: \"items\", limit: # }");
        assertThat(groups(9, lines)).isEqualTo(3);
    }

    @Test
    void bracesWithoutFieldsAndAJsonLineAreNotDocuments() {
        // a JSON line's keys and message are its text (version 8): its events stay apart
        List<String> json = Mining.interleaved(3,
                "{\"level\":\"info\",\"msg\":\"compact tree index\",\"revision\":#}",
                "{\"level\":\"info\",\"msg\":\"saved snapshot\",\"index\":#}");
        assertThat(groups(9, json)).isEqualTo(2);
        // words in braces are text: two events
        List<String> words = Mining.interleaved(3, "Loaded {core plugins} in #ms", "Loaded {user themes} in #ms");
        assertThat(groups(9, words)).isEqualTo(2);
        // an unclosed brace (a hash code) is left as it is
        assertThat(ValueLists.collapseDocuments(new String[] {"Token{30fc633", "expired"}))
                .containsExactly("Token{30fc633", "expired");
        assertThat(ValueLists.collapseDocuments(new String[] {"opts=&{a:1", "b:2},", "done"}))
                .containsExactly("opts=&{<*>},", "done");
    }
}
