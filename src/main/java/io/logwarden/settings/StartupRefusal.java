package io.logwarden.settings;

/**
 * A setting the service cannot start with, said as Spring Boot's "APPLICATION FAILED TO START" report
 * ({@link StartupRefusalFailureAnalyzer}): what is wrong, then what to do, without a stack trace to read.
 */
public class StartupRefusal extends IllegalStateException {

    private final String action;

    public StartupRefusal(String description, String action) {
        super(description);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
