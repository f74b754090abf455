package io.natscap.nats.ra;

import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import jakarta.resource.spi.InvalidPropertyException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to reach NATS: the one place that knows the connection properties' names, their defaults,
 * what a valid value is, how they become jnats {@link Options}, and which of them are secrets.
 * An immutable snapshot: a managed connection remembers the settings it was opened with, so the
 * pool can tell connections of another configuration apart.
 */
public record ConnectionSettings(
        List<String> servers,
        String connectionName,
        String user,
        String password,
        String token,
        String credentialsFile,
        String trustStore,
        String trustStorePassword,
        String keyStore,
        String keyStorePassword,
        long connectionTimeoutMillis,
        long reconnectWaitMillis,
        int maxReconnects,
        long pingIntervalMillis,
        long reconnectBufferSize,
        long jetStreamTimeoutMillis) {

    // Defaults, as strings because @ConfigProperty(defaultValue) takes strings.
    public static final String DEFAULT_SERVERS = "nats://127.0.0.1:4222";
    public static final String DEFAULT_CONNECTION_NAME = "natscap";
    public static final String DEFAULT_CONNECTION_TIMEOUT_MILLIS = "2000";
    public static final String DEFAULT_RECONNECT_WAIT_MILLIS = "2000";
    /** -1: reconnect for ever, so that a pooled connection survives any server restart. */
    public static final String DEFAULT_MAX_RECONNECTS = "-1";
    public static final String DEFAULT_PING_INTERVAL_MILLIS = "120000";
    /** 8 MiB, jnats' own default: what may wait in memory while reconnecting. */
    public static final String DEFAULT_RECONNECT_BUFFER_SIZE = "8388608";
    public static final String DEFAULT_JETSTREAM_TIMEOUT_MILLIS = "5000";

    private static final Set<String> SCHEMES = Set.of("nats", "tls", "opentls", "ws", "wss");
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]*@");
    private static final String HIDDEN = "****";

    /** Every property at its default: what a pool or an adapter that sets nothing connects with. */
    public static final ConnectionSettings DEFAULTS = withDefaults(DEFAULT_SERVERS, DEFAULT_CONNECTION_NAME,
            null, null, null, null, null, null, null, null);

    public ConnectionSettings {
        servers = List.copyOf(servers);
    }

    /** Settings with the documented defaults for everything but where and who. */
    public static ConnectionSettings withDefaults(String servers, String connectionName, String user, String password,
                                                  String token, String credentialsFile, String trustStore,
                                                  String trustStorePassword, String keyStore, String keyStorePassword) {
        return new ConnectionSettings(splitServers(servers), connectionName, user, password, token, credentialsFile,
                trustStore, trustStorePassword, keyStore, keyStorePassword,
                Long.parseLong(DEFAULT_CONNECTION_TIMEOUT_MILLIS), Long.parseLong(DEFAULT_RECONNECT_WAIT_MILLIS),
                Integer.parseInt(DEFAULT_MAX_RECONNECTS), Long.parseLong(DEFAULT_PING_INTERVAL_MILLIS),
                Long.parseLong(DEFAULT_RECONNECT_BUFFER_SIZE), Long.parseLong(DEFAULT_JETSTREAM_TIMEOUT_MILLIS));
    }

    /** Splits a comma-separated server list; blanks are dropped. */
    public static List<String> splitServers(String servers) {
        if (servers == null) {
            return List.of();
        }
        return Arrays.stream(servers.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /**
     * Checks every property and throws on the first invalid one, naming it. Secrets are never
     * echoed; server URLs are echoed without their user info.
     */
    public ConnectionSettings validate() throws InvalidPropertyException {
        if (servers.isEmpty()) {
            throw invalid("servers", "is empty; set it to one or more comma-separated URLs such as " + DEFAULT_SERVERS);
        }
        for (String server : servers) {
            validateServer(server);
        }
        positive("connectionTimeoutMillis", connectionTimeoutMillis);
        positive("reconnectWaitMillis", reconnectWaitMillis);
        positive("pingIntervalMillis", pingIntervalMillis);
        positive("jetStreamTimeoutMillis", jetStreamTimeoutMillis);
        if (reconnectBufferSize < 0) {
            throw invalid("reconnectBufferSize", "must be 0 or more bytes, was " + reconnectBufferSize);
        }
        if (maxReconnects < -1) {
            throw invalid("maxReconnects", "must be -1 (for ever), 0 (never) or a positive count, was " + maxReconnects);
        }
        if (isSet(password) && !isSet(user)) {
            throw invalid("password", "is set but user is not");
        }
        if (isSet(user) && isSet(token)) {
            throw invalid("token", "cannot be combined with user/password: NATS authenticates with one of them");
        }
        readableFile("credentialsFile", credentialsFile);
        readableFile("trustStore", trustStore);
        readableFile("keyStore", keyStore);
        if (isSet(trustStorePassword) && !isSet(trustStore)) {
            throw invalid("trustStorePassword", "is set but trustStore is not");
        }
        if (isSet(keyStorePassword) && !isSet(keyStore)) {
            throw invalid("keyStorePassword", "is set but keyStore is not");
        }
        return this;
    }

    /** jnats options for one connection; the listeners are that connection's own. */
    public Options toOptions(ConnectionListener connectionListener, ErrorListener errorListener) {
        Options.Builder builder = new Options.Builder()
                .servers(servers.toArray(String[]::new))
                .connectionName(connectionName)
                .connectionTimeout(Duration.ofMillis(connectionTimeoutMillis))
                .reconnectWait(Duration.ofMillis(reconnectWaitMillis))
                .maxReconnects(maxReconnects)
                .pingInterval(Duration.ofMillis(pingIntervalMillis))
                .reconnectBufferSize(reconnectBufferSize)
                .connectionListener(connectionListener)
                .errorListener(errorListener);
        if (isSet(user)) {
            builder.userInfo(user.toCharArray(), isSet(password) ? password.toCharArray() : new char[0]);
        }
        if (isSet(token)) {
            builder.token(token.toCharArray());
        }
        if (isSet(credentialsFile)) {
            builder.authHandler(Nats.credentials(credentialsFile));
        }
        if (isSet(trustStore)) {
            builder.truststorePath(trustStore);
            if (isSet(trustStorePassword)) {
                builder.truststorePassword(trustStorePassword.toCharArray());
            }
        }
        if (isSet(keyStore)) {
            builder.keystorePath(keyStore);
            if (isSet(keyStorePassword)) {
                builder.keystorePassword(keyStorePassword.toCharArray());
            }
        }
        return builder.build();
    }

    /** JetStream contexts of these settings: every publish, management and consumer request waits this long. */
    public JetStreamOptions jetStreamOptions() {
        return JetStreamOptions.builder().requestTimeout(Duration.ofMillis(jetStreamTimeoutMillis)).build();
    }

    /** The server URLs as they may be shown: user info in a URL is hidden. */
    public String displayServers() {
        return hideUserInfo(String.join(",", servers));
    }

    /** {@code nats://user:pass@host} as {@code nats://****@host}, wherever it stands in the text. */
    public static String hideUserInfo(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll(HIDDEN + "@");
    }

    /** Removes every secret of these settings from a text that is about to be logged or thrown. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = hideUserInfo(text);
        for (String secret : secrets()) {
            result = result.replace(secret, HIDDEN);
        }
        return result;
    }

    /**
     * An exception safe to chain: the original when its messages hold no secret, otherwise a copy
     * with redacted messages and the original stack traces (the original is dropped, so that no
     * stack trace printed later can show the secret).
     */
    public Throwable redact(Throwable error) {
        if (error == null || !containsSecret(error)) {
            return error;
        }
        Throwable copy = new RedactedException(error.getClass().getName() + ": " + redact(error.getMessage()),
                redact(error.getCause()));
        copy.setStackTrace(error.getStackTrace());
        return copy;
    }

    private boolean containsSecret(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.equals(redact(message))) {
                return true;
            }
        }
        return false;
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>(4);
        for (String s : new String[] {password, token, trustStorePassword, keyStorePassword}) {
            if (isSet(s)) {
                secrets.add(s);
            }
        }
        return secrets;
    }

    /** Secrets are never shown: a password or token is only said to be set. */
    @Override
    public String toString() {
        return "ConnectionSettings[servers=" + displayServers()
                + ", connectionName=" + connectionName
                + ", user=" + Objects.toString(user, "")
                + ", password=" + shown(password)
                + ", token=" + shown(token)
                + ", credentialsFile=" + Objects.toString(credentialsFile, "")
                + ", trustStore=" + Objects.toString(trustStore, "")
                + ", trustStorePassword=" + shown(trustStorePassword)
                + ", keyStore=" + Objects.toString(keyStore, "")
                + ", keyStorePassword=" + shown(keyStorePassword)
                + ", connectionTimeoutMillis=" + connectionTimeoutMillis
                + ", reconnectWaitMillis=" + reconnectWaitMillis
                + ", maxReconnects=" + maxReconnects
                + ", pingIntervalMillis=" + pingIntervalMillis
                + ", reconnectBufferSize=" + reconnectBufferSize
                + ", jetStreamTimeoutMillis=" + jetStreamTimeoutMillis + "]";
    }

    private static String shown(String secret) {
        return isSet(secret) ? "(set)" : "";
    }

    public static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }

    private void validateServer(String server) throws InvalidPropertyException {
        String shown = hideUserInfo(server);
        String expected = " is not a NATS server URL (expected e.g. " + DEFAULT_SERVERS
                + ", scheme one of " + SCHEMES.stream().sorted().toList() + ")";
        URI uri;
        try {
            uri = new URI(server);
        } catch (URISyntaxException e) {
            throw invalid("servers", "'" + shown + "'" + expected);
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase()) || uri.getHost() == null) {
            throw invalid("servers", "'" + shown + "'" + expected);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalid("servers", "'" + shown + "' has an invalid port");
        }
    }

    private static void positive(String property, long value) throws InvalidPropertyException {
        if (value <= 0) {
            throw invalid(property, "must be a positive number of milliseconds, was " + value);
        }
    }

    private static void readableFile(String property, String file) throws InvalidPropertyException {
        if (isSet(file) && !Files.isReadable(Path.of(file))) {
            throw invalid(property, "'" + file + "' does not exist or cannot be read");
        }
    }

    private static InvalidPropertyException invalid(String property, String problem) {
        return new InvalidPropertyException("nats-ra property " + property + " " + problem);
    }

    /** Stands in for an exception whose message held a secret. */
    static final class RedactedException extends Exception {
        private static final long serialVersionUID = 1L;

        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
