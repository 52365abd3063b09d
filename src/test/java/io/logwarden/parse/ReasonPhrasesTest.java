package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Version 9 (issue 17), with lines made up for this test: an HTTP status's reason phrase after its code
 * is one value, so a request event is one template whatever the status. Version 8 split it by the
 * phrase's length and last word.
 */
class ReasonPhrasesTest {

    @Test
    void aStatusAndItsReasonPhraseAreOneValue() {
        List<String> lines = Mining.interleaved(3,
                "router: completed GET /user/login for 10.0.0.#:0, 200 OK in #.2ms @ web/routing.go:#",
                "router: completed GET /api/v1/repos for 10.0.0.#:0, 404 Not Found in #.2ms @ web/routing.go:#",
                "router: completed POST /api/v1/repos for 10.0.0.#:0, 500 Internal Server Error in #.2ms @ web/routing.go:#",
                "router: completed GET /explore for 10.0.0.#:0, 304 Not Modified in #.2ms @ web/routing.go:#",
                "router: completed GET / for 10.0.0.#:0, 302 Found in #.2ms @ web/routing.go:#");
        assertThat(Mining.groups(8, lines)).isGreaterThan(1);
        assertThat(Mining.groups(9, lines)).isEqualTo(1);
    }

    @Test
    void onlyAPhraseAfterANumberAndOnlyAWholePhrase() {
        assertThat(ValueLists.collapseReasonPhrases(new String[] {"<NUM>", "Not", "Found,", "retrying"}))
                .containsExactly("<NUM>", "<*>,", "retrying");
        // "Not" alone is no phrase, and a phrase not after a number is the event's text
        String[] notAPhrase = {"<NUM>", "Not", "ready"};
        assertThat(ValueLists.collapseReasonPhrases(notAPhrase)).isSameAs(notAPhrase);
        String[] noNumber = {"page", "Not", "Found"};
        assertThat(ValueLists.collapseReasonPhrases(noNumber)).isSameAs(noNumber);
    }
}
