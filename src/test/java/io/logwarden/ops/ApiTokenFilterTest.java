package io.logwarden.ops;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokenFilterTest {

    final ApiTokenFilter filter = new ApiTokenFilter(new ApiProperties(true, "t0ken"));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    MockHttpServletResponse call(String path, String header, String value) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (header != null) {
            request.addHeader(header, value);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void refusesAMissingOrWrongTokenWithJson() throws Exception {
        MockHttpServletResponse missing = call("/api/v1/streaming/status", null, null);
        assertThat(missing.getStatus()).isEqualTo(401);
        assertThat(missing.getContentAsString()).startsWith("{\"error\":\"unauthorized\",\"message\":");
        assertThat(call("/api/v1/alerts", "Authorization", "Bearer nope").getStatus()).isEqualTo(401);
        assertThat(call("/api/v1/alerts", "X-API-Token", "t0ken-longer").getStatus()).isEqualTo(401);
    }

    @Test
    void acceptsTheTokenInEitherHeaderOrALoggedInAdministrator() throws Exception {
        assertThat(call("/api/v1/alerts", "Authorization", "Bearer t0ken").getStatus()).isEqualTo(200);
        assertThat(call("/api/v1/alerts", "X-API-Token", "t0ken").getStatus()).isEqualTo(200);
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("admin", null,
                AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
        assertThat(call("/api/v1/alerts", null, null).getStatus()).isEqualTo(200);
    }

    @Test
    void leavesTheDashboardAndHealthAloneAndIsOffByDefault() throws Exception {
        assertThat(call("/", null, null).getStatus()).isEqualTo(200);
        assertThat(call("/actuator/health/readiness", null, null).getStatus()).isEqualTo(200);
        ApiTokenFilter off = new ApiTokenFilter(new ApiProperties(false, ""));
        MockHttpServletResponse response = new MockHttpServletResponse();
        off.doFilter(new MockHttpServletRequest("GET", "/api/v1/alerts"), response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void aRequiredTokenThatIsNotSetStopsStartUp() {
        assertThatThrownBy(() -> new ApiTokenFilter(new ApiProperties(true, " ")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LOGWARDEN_API_TOKEN");
    }
}
