package io.logwarden;

import io.logwarden.cli.LogwardenCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point. Without a sub-command it starts the service; the sub-commands of {@link LogwardenCli}
 * are offline tools that must not pay for (or need) the service's ports, database and routes, so
 * they run without Spring.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class Logwarden {

    public static void main(String[] args) {
        if (LogwardenCli.handles(args)) {
            System.exit(LogwardenCli.run(args));
        }
        SpringApplication.run(Logwarden.class, args);
    }
}
