package io.logwarden.ops;

import org.jolokia.server.core.http.AgentServlet;
import org.springframework.boot.actuate.endpoint.web.EndpointServlet;
import org.springframework.boot.actuate.endpoint.web.annotation.ServletEndpoint;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Jolokia (JMX over HTTP) as the actuator endpoint /actuator/jolokia, the address Hawtio's Spring Boot
 * module talks to. Spring Boot 3 no longer ships this endpoint and jolokia-support-springboot is not
 * served here, so the Jolokia agent servlet (already brought by Hawtio) is mounted directly. It sits
 * behind Spring Security like every actuator endpoint but health.
 */
@SuppressWarnings("removal")
@Component
@ServletEndpoint(id = "jolokia")
public class JolokiaEndpoint implements Supplier<EndpointServlet> {

    @Override
    public EndpointServlet get() {
        return new EndpointServlet(AgentServlet.class).withInitParameters(Map.of(
                "includeStackTrace", "false",
                "allowErrorDetails", "false",
                "debug", "false"));
    }
}
