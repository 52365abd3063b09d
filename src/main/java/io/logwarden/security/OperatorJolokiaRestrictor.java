package io.logwarden.security;

import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.util.RequestType;

import javax.management.ObjectName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * What Jolokia, and Hawtio through it, lets an operator do: read any attribute except those holding the JVM's
 * command line and system properties (passwords and tokens given as {@code --settings} are there), stop, start,
 * suspend, resume and reset Camel routes, dump routes and their statistics, and run Hawtio's and Jolokia's own
 * housekeeping. Nothing else runs and no attribute is written: the Camel context's {@code sendBody} and
 * {@code requestBody} reach any endpoint ({@code file:}, {@code language:}), so an operator token read and wrote
 * any file and added routes, and the JVM's diagnostic MBeans dump the heap anywhere.
 *
 * <p>Written by hand because Jolokia's XML policy gives a deny precedence over an allow: it cannot say "no
 * operation but these". The policy file ({@code jolokia-access.xml}) still decides CORS and is consulted too.
 */
public class OperatorJolokiaRestrictor extends PolicyRestrictor {

    /** Route lifecycle: what Hawtio's Camel tab offers and the README promises operators. */
    private static final Set<String> ROUTE_OPERATIONS = Set.of("start", "stop", "suspend", "resume", "restart", "reset");
    /** Attributes that carry secrets: the command line (--settings) and system properties (-D). */
    private static final Set<String> RUNTIME_SECRETS = Set.of("SystemProperties", "InputArguments");

    public OperatorJolokiaRestrictor() {
        super(policy());
    }

    private static InputStream policy() {
        InputStream in = OperatorJolokiaRestrictor.class.getResourceAsStream("/jolokia-access.xml");
        if (in == null) {
            throw new UncheckedIOException(new IOException("jolokia-access.xml is missing from the classpath"));
        }
        return in;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return type != RequestType.WRITE && super.isTypeAllowed(type);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return false;
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        boolean secret = "java.lang".equals(name.getDomain()) && "Runtime".equals(name.getKeyProperty("type"))
                && RUNTIME_SECRETS.contains(attribute)
                || "com.sun.management".equals(name.getDomain()) && "DiagnosticCommand".equals(name.getKeyProperty("type"));
        return !secret && super.isAttributeReadAllowed(name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return allowed(name, operation) && super.isOperationAllowed(name, operation);
    }

    static boolean allowed(ObjectName name, String operationWithSignature) {
        int signature = operationWithSignature.indexOf('(');
        String operation = signature < 0 ? operationWithSignature : operationWithSignature.substring(0, signature);
        String domain = name.getDomain();
        if ("hawtio".equals(domain) || "jolokia".equals(domain)) {
            return true;
        }
        if (!"org.apache.camel".equals(domain)) {
            return false;
        }
        String type = name.getKeyProperty("type");
        boolean dump = operation.startsWith("dump"); // routes and statistics as XML/YAML: read only
        return "routes".equals(type) && (ROUTE_OPERATIONS.contains(operation) || dump)
                || ("context".equals(type) || "processors".equals(type)) && dump;
    }
}
