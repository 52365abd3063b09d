package io.logwarden.parse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code logwarden.parser.*} so that the application class needs no scanning annotation for it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ParserProperties.class)
class ParserConfiguration {
}
