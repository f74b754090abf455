package io.natscap.bench.runner;

import io.natscap.testing.NatsPoolDefinition;
import io.natscap.testing.NatsTestServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One Payara Micro process as a user would start it: the RAR and its pool from post-boot
 * commands, then one application. Knows how long it took to be ready and how much memory it holds.
 */
final class PayaraMicro implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Payara Micro .* ready");
    private static final long READY_LIMIT_MILLIS = 300_000;

    private final Process process;
    private final Path log;
    private final int port;
    private final long readyMillis;

    private PayaraMicro(Process process, Path log, int port, long readyMillis) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.readyMillis = readyMillis;
    }

    /**
     * Starts Payara Micro from {@code runtime} (payara-micro.jar, nats-ra.rar, postgresql.jar and
     * the war), its domain and log under {@code work/name}, the adapter pointed at {@code natsUrl}.
     */
    static PayaraMicro start(String name, Settings settings, String natsUrl, String war, List<String> systemProperties)
            throws IOException, InterruptedException {
        Path dir = settings.work().resolve(name);
        deleteTree(dir);
        Files.createDirectories(dir.resolve("tmp"));
        Path runtime = settings.runtime().toAbsolutePath();
        String escapedUrl = natsUrl.replace(":", "\\:");
        Path postboot = dir.resolve("postboot.asadmin");
        List<String> commands = new ArrayList<>(List.of(
                "create-resource-adapter-config --property servers=" + escapedUrl + " nats-ra",
                "deploy --name nats-ra " + runtime.resolve("nats-ra.rar")));
        commands.addAll(NatsPoolDefinition.commands("nats-pool", "jca/nats", 32, List.of("servers=" + natsUrl)));
        commands.addAll(List.of(
                "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource"
                        + " --steadypoolsize=8 --maxpoolsize=32"
                        + " --property serverName=127.0.0.1:portNumber=5432:databaseName=test:user=postgres:password=ignored-by-trust"
                        + " natscap-pg-pool",
                "create-jdbc-resource --connectionpoolid natscap-pg-pool jdbc/natscap-pg",
                ""));
        Files.writeString(postboot, String.join("\n", commands));
        int port = NatsTestServer.freePort();
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(List.of(settings.jvmOptions().trim().split("\\s+")));
        command.add("-Djava.io.tmpdir=" + dir.resolve("tmp").toAbsolutePath());
        systemProperties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-jar", runtime.resolve("payara-micro.jar").toString(), "--nocluster",
                "--port", String.valueOf(port), "--rootdir", dir.resolve("root").toAbsolutePath().toString(),
                "--postbootcommandfile", postboot.toAbsolutePath().toString(),
                "--addlibs", runtime.resolve("postgresql.jar").toString(),
                "--deploy", runtime.resolve(war).toString(), "--contextroot", "/"));
        Path log = dir.resolve("payara.log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(READY_LIMIT_MILLIS);
        while (true) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (READY.matcher(text).find()) {
                long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                String application = war.replaceFirst("\\.war$", "");
                if (!text.contains("nats-ra was successfully deployed") || !text.contains(application + " was successfully deployed")) {
                    process.destroy();
                    throw new IllegalStateException("Payara Micro " + name + " is up but did not deploy the RAR and " + war
                            + "; see " + log);
                }
                return new PayaraMicro(process, log, port, readyMillis);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro " + name + " stopped during start-up; see " + log);
            }
            if (System.nanoTime() > deadline) {
                process.destroy();
                throw new IllegalStateException("Payara Micro " + name + " was not ready within "
                        + READY_LIMIT_MILLIS / 1000 + " s; see " + log);
            }
            Thread.sleep(50);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** From the process start until Payara Micro said it was ready (RAR and application deployed). */
    long readyMillis() {
        return readyMillis;
    }

    /** Resident memory now, in MiB, from /proc. */
    double residentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
    }

    /** "is still running", or how it ended (137: killed, SIGKILL; 143: SIGTERM). */
    String state() {
        return process.isAlive() ? "is still running" : "has exited with status " + process.exitValue();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The java that runs this runner: Payara Micro runs on the same JDK. */
    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
