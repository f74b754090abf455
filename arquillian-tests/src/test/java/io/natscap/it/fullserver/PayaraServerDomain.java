package io.natscap.it.fullserver;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Server (full profile) domain of the test's own, under target/: created on a free port
 * base, started, driven with asadmin, stopped and deleted.
 */
final class PayaraServerDomain implements AutoCloseable {

    private static final String NAME = "natscap-it";
    /** Offsets of the ports a domain opens from its port base (admin +48, HTTP +80, ...). */
    private static final int[] PORT_OFFSETS = {48, 80, 81, 76, 37, 38, 39, 86, 66, 9, 3, 0};

    private final Path asadmin;
    private final Path domains;
    private final int portBase;

    PayaraServerDomain(Path payaraHome, Path domains) {
        this.asadmin = payaraHome.resolve("bin/asadmin");
        this.domains = domains;
        this.portBase = freePortBase();
    }

    int httpPort() {
        return portBase + 80;
    }

    void createAndStart() {
        run(List.of("create-domain", "--nopassword", "--portbase", Integer.toString(portBase), "--domaindir", domains.toString(), NAME));
        run(List.of("start-domain", "--domaindir", domains.toString(), NAME));
    }

    /** An asadmin command against the running domain; fails with asadmin's output when it fails. */
    void asadmin(String... command) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(portBase + 48)));
        args.addAll(List.of(command));
        run(args);
    }

    private void run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(asadmin.toString());
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("AS_JAVA", System.getProperty("java.home"));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError("asadmin " + String.join(" ", args) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + asadmin + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Path serverLog() {
        return domains.resolve(NAME).resolve("logs/server.log");
    }

    String serverLogTail() {
        try {
            List<String> lines = Files.readAllLines(serverLog());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no server.log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            run(List.of("stop-domain", "--domaindir", domains.toString(), NAME));
        } finally {
            run(List.of("delete-domain", "--domaindir", domains.toString(), NAME));
        }
    }

    /** A base whose ports are all free now. */
    private static int freePortBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + 100 * ThreadLocalRandom.current().nextInt(300);
            boolean free = true;
            for (int offset : PORT_OFFSETS) {
                try (ServerSocket socket = new ServerSocket(base + offset)) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free port base for a Payara Server domain");
    }
}
