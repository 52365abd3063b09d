package io.logwarden.window;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WindowingConfiguration {

    static final String COMPLETION_EXECUTOR = "windowCompletionExecutor";

    /**
     * The aggregate EIP hands completed windows to a thread of its own by default. Windows are instead
     * scored in the thread that read the line, so that when a tail route moves past a line, everything
     * that line caused (score, alert, database row) has happened: read positions can then be saved
     * safely, and an upload's summary counts are final when it answers.
     * Bound in Camel's registry only: as a Spring bean of type Executor it would replace Spring Boot's
     * application task executor.
     */
    @Bean
    CamelContextConfiguration windowCompletionExecutorBinding() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getRegistry().bind(COMPLETION_EXECUTOR, new SynchronousExecutorService());
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do once started
            }
        };
    }
}
