package io.logwarden.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat answers some malformed requests itself. Its error page becomes {@link JsonErrorReportValve}, and encoded
 * slashes ({@code %2F}) are passed on instead of refused by Tomcat, so Spring Security's firewall refuses them in
 * the API's error shape (io.logwarden.security.OpsSecurity#requestRejectedHandler).
 */
@Component
public class TomcatErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
        factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
    }
}
