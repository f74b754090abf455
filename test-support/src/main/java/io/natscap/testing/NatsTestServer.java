package io.natscap.testing;

import io.nats.NatsServerRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A nats-server of the test's own, with JetStream, on a free port and a store directory of its
 * own, which the test may stop and start again (same port, same store) to play an outage.
 * It never touches the server on 4222. The binary is the installed one: {@code NATS_SERVER},
 * else {@code nats-server} on the PATH, else /usr/sbin/nats-server.
 */
public final class NatsTestServer implements AutoCloseable {

    /** The server's own log lines, kept out of the test output unless they are warnings. */
    private static final Logger SERVER_OUTPUT = Logger.getLogger("io.natscap.testing.nats-server");

    static {
        SERVER_OUTPUT.setLevel(Level.WARNING);
    }

    private final int port;
    private final int monitorPort;
    private final Path storeDir;
    private final List<String> configLines;
    private NatsServerRunner runner;

    private NatsTestServer(int port, List<String> configLines) {
        this.port = port;
        // neither port is bound yet: the free-port probe may hand out the client's port again
        int monitor = freePort();
        while (monitor == port) {
            monitor = freePort();
        }
        this.monitorPort = monitor;
        this.configLines = List.copyOf(configLines);
        try {
            this.storeDir = Files.createTempDirectory("natscap-test-js-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server on a free port; each config line goes into its configuration file. */
    public static NatsTestServer start(String... configLines) {
        return startOnPort(freePort(), configLines);
    }

    /** Starts a server on the given port (for a test that first needs the port to be dead). */
    public static NatsTestServer startOnPort(int port, String... configLines) {
        NatsTestServer server = new NatsTestServer(port, List.of(configLines));
        server.startAgain();
        return server;
    }

    /** A port that nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /**
     * The names of the client connections the server has now, from its monitoring endpoint
     * (/connz): what a test asserts when it says "no connection is left".
     */
    public List<String> connectionNames() {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + monitorPort + "/connz?limit=1024")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            List<String> names = new ArrayList<>();
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("\"name\":\\s*\"([^\"]*)\"").matcher(response.body());
            while (name.find()) {
                names.add(name.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("monitoring endpoint of nats-server on port " + port + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isRunning() {
        return runner != null;
    }

    /** Stops the process and waits for it to exit; the store directory stays. */
    public synchronized void stop() {
        if (runner == null) {
            return;
        }
        try {
            runner.shutdown(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping nats-server on port " + port, e);
        } finally {
            if (runner.getConfigFile() != null) {
                deleteQuietly(Path.of(runner.getConfigFile()));
            }
            runner = null;
        }
    }

    /**
     * kill -9: the process dies without closing its connections or flushing anything, as in a
     * crash; the store directory stays, so {@link #startAgain()} brings the same server back.
     */
    public synchronized void kill() {
        if (runner == null) {
            return;
        }
        String configFile = runner.getConfigFile();
        List<ProcessHandle> processes = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(configFile)).orElse(false)).toList();
        if (processes.isEmpty()) {
            throw new IllegalStateException("no nats-server process runs with " + configFile);
        }
        for (ProcessHandle process : processes) {
            process.destroyForcibly();
            process.onExit().join();
        }
        stop();
    }

    /** Starts the server again on the same port with the same store directory. */
    public synchronized void startAgain() {
        if (runner != null) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("-a", "127.0.0.1", "-sd", storeDir.toString(), "-m", String.valueOf(monitorPort)));
        try {
            runner = NatsServerRunner.builder()
                    .executablePath(executable())
                    .port(port)
                    .jetstream()
                    .customArgs(args)
                    .configInserts(configLines)
                    .outputLogger(SERVER_OUTPUT)
                    .fullErrorReportOnStartup(true)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("nats-server did not start on port " + port, e);
        }
    }

    /** Stop, then start on the same port and store: what an operator's restart looks like. */
    public void restart() {
        stop();
        startAgain();
    }

    @Override
    public void close() {
        stop();
        deleteQuietly(storeDir);
    }

    /** Where the installed nats-server is, or a failure that says what to install. */
    public static Path executable() {
        String configured = System.getenv("NATS_SERVER");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new IllegalStateException("NATS_SERVER=" + configured + " is not an executable file");
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nats-server"))) {
                return Path.of(dir, "nats-server");
            }
        }
        Path debian = Path.of("/usr/sbin/nats-server");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        throw new IllegalStateException("nats-server is not installed: install the Debian package "
                + "'nats-server' (sudo apt-get install nats-server) or set NATS_SERVER to the binary");
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(NatsTestServer::deleteIfExists);
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp folder must not fail a test
        }
    }

    private static void deleteIfExists(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
