package io.logwarden.security;

import org.springframework.boot.autoconfigure.web.ServerProperties;
import io.logwarden.live.WebSocketProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;
import java.util.Set;

/**
 * Who may do what over HTTP. One generic rule, so endpoints added later follow it without touching this class:
 * <ul>
 * <li>{@code GET}/{@code HEAD} under {@code /api/v1/**}: viewer (or anyone, when {@code logwarden.security.anonymous-read});</li>
 * <li>every other method under {@code /api/**}: operator;</li>
 * <li>{@code /actuator/**} (health status excepted), Jolokia, Hawtio: operator;</li>
 * <li>the dashboard: viewer (form login; a session cookie with SameSite=Strict).</li>
 * </ul>
 * Browsers log in with the form; scripts send a token ({@code Authorization: Bearer}, {@code X-API-Token}) or HTTP
 * Basic. A state-changing request from a browser session must carry the CSRF token ({@code X-XSRF-TOKEN} from the
 * {@code XSRF-TOKEN} cookie); {@link RequestGuard} refuses other origins and non-JSON bodies before that.
 * Failed logins of all three kinds are counted per client address, and an address with too many is refused
 * unchecked for a while ({@link LoginThrottle}).
 */
@Configuration
public class OpsSecurity implements WebMvcConfigurer {

    @Bean
    AdminCredentials adminCredentials(AdminProperties properties) {
        return AdminCredentials.resolve(properties);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AccessControl accessControl(AdminCredentials admin, SecurityProperties security, ApiProperties api, PasswordEncoder encoder,
                                ServerProperties server, WebSocketProperties websocket) {
        AccessControl access = new AccessControl(admin, security, api, encoder);
        BindGuard.check(server.getAddress() == null ? "" : server.getAddress().getHostAddress(), websocket.host(), access);
        return access;
    }

    @Bean
    UserDetailsService users(AccessControl access) {
        return new InMemoryUserDetailsManager(access.users());
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role(Role.OPERATOR.name()).implies(Role.VIEWER.name()).build();
    }

    @Bean
    RequestGuard.OriginPolicy originPolicy(SecurityProperties security, ServerProperties server, WebSocketProperties websocket) {
        int httpPort = server.getPort() == null ? 8080 : server.getPort();
        int websocketPort = websocket.port();
        // one port for both (0: each picked at start) is not a reason to refuse to start; Set.of would throw
        return new RequestGuard.OriginPolicy(security.allowedOrigins(), Set.copyOf(List.of(httpPort, websocketPort)), security.anonymousRead());
    }

    /** Used by the platform-http component (camel.component.platform-http.header-filter-strategy). */
    @Bean
    ResponseHeaderAllowList responseHeaderAllowList() {
        return new ResponseHeaderAllowList();
    }

    /** Ahead of every other filter, Spring's own request-path parsing included. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<MalformedPathRefusal> malformedPathRefusal() {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new MalformedPathRefusal());
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Firewall refusals (encoded slashes, "..", control characters in the path) in the API's error shape. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> {
            if (String.valueOf(e.getMessage()).contains("HTTP method")) {
                // the firewall's other refusal: TRACE, CONNECT or an invented method (a black-box tester's TRACE was
                // answered as a malformed path)
                response.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
                JsonErrorResponses.write(response, 405, "method_not_allowed", "the HTTP method \""
                        + JsonErrorResponses.bound(request.getMethod()) + "\" is not accepted (see the Allow header)");
                return;
            }
            JsonErrorResponses.write(response, 400, "malformed_path", "the request path is not accepted: " + e.getMessage());
        };
    }

    @Bean
    LoginThrottle loginThrottle(SecurityProperties security, ObjectProvider<MeterRegistry> meters) {
        return new LoginThrottle(security.loginThrottle(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    LoginFailureListener loginFailureListener(LoginThrottle throttle) {
        return new LoginFailureListener(throttle);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, AccessControl access, SecurityProperties security,
                                            RequestGuard.OriginPolicy origins, LoginThrottle throttle,
                                            AuthenticationEventPublisher authenticationEvents) throws Exception {
        RequestMatcher machine = ApiTokenFilter::explicitCredentials;
        RequestMatcher apiOrActuator = request -> {
            String path = path(request);
            return path.equals("/api") || path.startsWith("/api/") || ((path.equals("/actuator") || path.startsWith("/actuator/")) && !path.startsWith("/actuator/hawtio"));
        };
        boolean open = access.anonymousRead();
        http.authorizeHttpRequests(auth -> {
                    auth.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    auth.requestMatchers("/actuator/health", "/actuator/health/**", "/error", "/login", "/login.html", "/login.js",
                            "/dashboard.css", "/favicon.ico").permitAll();
                    auth.requestMatchers("/actuator", "/actuator/**", "/hawtio", "/hawtio/**").hasRole(Role.OPERATOR.name());
                    viewer(auth.requestMatchers(HttpMethod.GET, "/api/v1/**"), open);
                    viewer(auth.requestMatchers(HttpMethod.HEAD, "/api/v1/**"), open);
                    auth.requestMatchers("/api/**").hasRole(Role.OPERATOR.name());
                    viewer(auth.anyRequest(), open);
                })
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(jsonEntryPoint("Basic realm=\"logwarden\"")))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(jsonEntryPoint("Bearer realm=\"logwarden\""), apiOrActuator)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                        .accessDeniedHandler(jsonAccessDenied()))
                // Browser sessions must send the token from the XSRF-TOKEN cookie as X-XSRF-TOKEN (the dashboard and
                // Hawtio do); scripts that authenticate in a header on every call cannot be forged cross-site.
                // A request with no cookie and no Authorization carries nothing a forger could ride on: it gets
                // the 401 it needs (how to log in), not a CSRF refusal that suggests a browser session.
                .csrf(csrf -> csrf
                        .ignoringRequestMatchers(request -> machine.matches(request) && path(request).startsWith("/api/")
                                || ApiTokenFilter.presentedToken(request) != null
                                || apiOrActuator.matches(request) && request.getHeader("Cookie") == null
                                        && request.getHeader("Authorization") == null)
                        .csrfTokenRepository(csrfCookies())
                        .csrfTokenRequestHandler(new HeaderOrFormCsrfToken()))
                .addFilterBefore(new RequestGuard(origins, security.jsonBodyLimit().toBytes()), CsrfFilter.class)
                // ahead of every filter that checks a credential (form login, then tokens, then Basic)
                .addFilterBefore(new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new ApiTokenFilter(access, authenticationEvents), BasicAuthenticationFilter.class)
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .addFilterAfter(new AnonymousHealthFilter(), BasicAuthenticationFilter.class);
        return http.build();
    }

    private static void viewer(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizedUrl url, boolean anonymousRead) {
        if (anonymousRead) {
            url.permitAll();
        } else {
            url.hasRole(Role.VIEWER.name());
        }
    }

    private static CookieCsrfTokenRepository csrfCookies() {
        CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        repository.setCookieCustomizer(cookie -> cookie.sameSite("Strict").path("/"));
        return repository;
    }

    private static AuthenticationEntryPoint jsonEntryPoint(String challenge) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", challenge);
            JsonErrorResponses.write(response, 401, "unauthorized", "log in first: send 'Authorization: Bearer <token>', "
                    + "'X-API-Token: <token>' or HTTP Basic, or log in at /login");
        };
    }

    private static AccessDeniedHandler jsonAccessDenied() {
        return (request, response, e) -> {
            if (e instanceof CsrfException) {
                JsonErrorResponses.write(response, 403, "csrf_token_missing", "a state-changing request from a browser session "
                        + "must send the XSRF-TOKEN cookie's value as the X-XSRF-TOKEN header");
            } else {
                JsonErrorResponses.write(response, 403, "forbidden", "this needs the operator role");
            }
        };
    }

    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** Hawtio lives at the actuator path; /hawtio is the address operators are told. */
    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/hawtio", "/actuator/hawtio/");
        registry.addRedirectViewController("/hawtio/", "/actuator/hawtio/");
    }

    /** Spring Security 6 loads the CSRF token lazily; touch it so the XSRF-TOKEN cookie reaches the dashboard and Hawtio. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                        jakarta.servlet.FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
