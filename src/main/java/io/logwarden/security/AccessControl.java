package io.logwarden.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every credential the service accepts, resolved once at start-up: the operator from
 * {@code logwarden.admin.*} (generated and logged once when unset, as {@code make run} does), the users and
 * tokens of {@code logwarden.security.*}, and the legacy operator token {@code logwarden.api.token}.
 * Tokens are kept only as SHA-256 digests and compared in constant time.
 */
public final class AccessControl {

    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);
    static final int MIN_TOKEN_LENGTH = 16;

    /** Who presented a credential, and what they may do. */
    public record Caller(String name, Role role) {
    }

    private record TokenDigest(byte[] sha256, Caller caller) {
    }

    private final List<UserDetails> users = new ArrayList<>();
    private final Map<String, Role> userRoles = new LinkedHashMap<>();
    private final List<TokenDigest> tokens = new ArrayList<>();
    private final boolean configured;
    private final boolean anonymousRead;
    private final boolean weakAdminPassword;
    /** What a plain admin password needs before the service listens beyond loopback. */
    static final int MIN_PASSWORD_LENGTH = 12;
    /** Spring Security's password encoder ids ({@code PasswordEncoderFactories}) but noop, which is the password itself. */
    private static final Set<String> HASH_IDS = Set.of("bcrypt", "ldap", "MD4", "MD5", "pbkdf2", "pbkdf2@SpringSecurity_v5_8",
            "scrypt", "scrypt@SpringSecurity_v5_8", "SHA-1", "SHA-256", "sha256", "argon2", "argon2@SpringSecurity_v5_8");
    private static final String BCRYPT = "\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}";

    public AccessControl(AdminCredentials admin, SecurityProperties security, ApiProperties api, PasswordEncoder encoder) {
        this.anonymousRead = security.anonymousRead();
        // a hash given as the admin password was taken for the password itself: the hash string logged in
        boolean adminHashed = looksHashed(admin.password());
        addUser(admin.user(), adminHashed ? hashed(admin.password(), "logwarden.admin.password")
                : encoder.encode(admin.password()), Role.OPERATOR);
        this.weakAdminPassword = !admin.generated() && !adminHashed && admin.password().length() < MIN_PASSWORD_LENGTH;
        for (SecurityProperties.UserEntry user : security.users()) {
            String where = "logwarden.security.users[" + user.name() + "]";
            if (user.name() == null || user.name().isBlank()) {
                throw new IllegalStateException("logwarden.security.users: an entry has no name");
            }
            addUser(user.name().trim(), hashed(user.password(), where), Role.parse(user.role(), where));
        }
        if (api.token() != null && !api.token().isBlank()) {
            addToken("api-token", digest(checkedToken(api.token().trim(), "logwarden.api.token")), Role.OPERATOR);
        }
        for (SecurityProperties.TokenEntry token : security.tokens()) {
            String name = token.name() == null || token.name().isBlank() ? "token-" + (tokens.size() + 1) : token.name().trim();
            String where = "logwarden.security.tokens[" + name + "]";
            byte[] sha;
            if (token.tokenSha256() != null && !token.tokenSha256().isBlank()) {
                try {
                    sha = HexFormat.of().parseHex(token.tokenSha256().trim().toLowerCase());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(where + ": token-sha256 must be 64 hex digits");
                }
                if (sha.length != 32) {
                    throw new IllegalStateException(where + ": token-sha256 must be 64 hex digits");
                }
            } else if (token.token() != null && !token.token().isBlank()) {
                sha = digest(checkedToken(token.token().trim(), where));
            } else {
                throw new IllegalStateException(where + ": set token or token-sha256");
            }
            addToken(name, sha, Role.parse(token.role(), where));
        }
        this.configured = !admin.generated() || !security.users().isEmpty() || !tokens.isEmpty();
    }

    private void addUser(String name, String encodedPassword, Role role) {
        if (userRoles.containsKey(name)) {
            throw new IllegalStateException("user \"" + name + "\" is defined twice (logwarden.admin.user and logwarden.security.users)");
        }
        userRoles.put(name, role);
        users.add(User.withUsername(name).password(encodedPassword).authorities(authorities(role)).build());
    }

    private void addToken(String name, byte[] sha256, Role role) {
        tokens.add(new TokenDigest(sha256, new Caller(name, role)));
        log.info("API token \"{}\" accepted with role {}", name, role.name().toLowerCase());
    }

    /** The authorities of a role: an operator is a viewer too (also stated by the role hierarchy). */
    public static String[] authorities(Role role) {
        return role == Role.OPERATOR ? new String[]{Role.OPERATOR.authority(), Role.VIEWER.authority()}
                : new String[]{Role.VIEWER.authority()};
    }

    public List<UserDetails> users() {
        return List.copyOf(users);
    }

    public Optional<Role> roleOf(String user) {
        return Optional.ofNullable(userRoles.get(user));
    }

    /** The caller a presented token belongs to. */
    public Optional<Caller> token(String presented) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        byte[] sha = digest(presented.trim());
        Caller found = null;
        for (TokenDigest token : tokens) {
            if (MessageDigest.isEqual(token.sha256(), sha)) {
                found = token.caller(); // no early exit: same work whichever token matches
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether anyone configured a credential (a generated demo password does not count). */
    public boolean credentialsConfigured() {
        return configured;
    }

    public boolean anonymousRead() {
        return anonymousRead;
    }

    /** Whether the configured admin password is plain text shorter than {@link #MIN_PASSWORD_LENGTH}. */
    public boolean weakAdminPassword() {
        return weakAdminPassword;
    }

    /** A Spring Security {@code {id}} value or a bare BCrypt hash; {@code {noop}} counts, to be refused. */
    private static boolean looksHashed(String password) {
        String p = password.trim();
        int close = p.indexOf('}');
        return p.startsWith("{") && close > 1 && (HASH_IDS.contains(p.substring(1, close)) || p.startsWith("{noop}"))
                || p.matches(BCRYPT);
    }

    private static String hashed(String password, String where) {
        if (password == null || password.isBlank()) {
            throw new IllegalStateException(where + ": password is missing");
        }
        String p = password.trim();
        if (p.startsWith("{noop}")) {
            throw new IllegalStateException(where + ": {noop} holds the password itself, in plain text; give a hash such as "
                    + "{bcrypt}$2a$10$... (e.g. from `htpasswd -bnBC 10 \"\" PASSWORD | tr -d ':\\n'`)");
        }
        if (p.startsWith("{bcrypt}")) {
            if (p.substring("{bcrypt}".length()).matches(BCRYPT)) {
                return p;
            }
            // a user who could never log in, and a warning at every attempt, if this were let through
            throw new IllegalStateException(where + ": the {bcrypt} value is not a BCrypt hash ($2a$10$ followed by 53 "
                    + "characters); make one with `htpasswd -bnBC 10 \"\" PASSWORD | tr -d ':\\n'`");
        }
        if (p.startsWith("{")) {
            return p;
        }
        if (p.matches(BCRYPT)) {
            return "{bcrypt}" + p;
        }
        throw new IllegalStateException(where + ": the password must be a hash such as {bcrypt}$2a$10$... "
                + "(e.g. from `htpasswd -bnBC 10 \"\" PASSWORD | tr -d ':\\n'`), never the password itself");
    }

    private static String checkedToken(String token, String where) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException(where + ": a token needs at least " + MIN_TOKEN_LENGTH
                    + " characters (e.g. `openssl rand -hex 32`)");
        }
        return token;
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
