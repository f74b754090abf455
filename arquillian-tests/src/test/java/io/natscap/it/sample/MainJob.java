package io.natscap.it.sample;

import io.natscap.testing.NatsTestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * README's main job, {@code scripts/run-sample.sh}, run as a user runs it: against the test's
 * nats-server (NATS_URL), on a free port, with its data in a folder of the test, the runtime
 * as the build left it (NATSCAP_BUILD=0: the reactor built sample-ear/micro before this module).
 */
final class MainJob implements AutoCloseable {

    private static final Duration READY_LIMIT = Duration.ofSeconds(300);
    private static final String READY = "Ctrl-C stops everything this command started.";

    private final Process script;
    private final Path output;
    private final URL base;

    private MainJob(Process script, Path output, URL base) {
        this.script = script;
        this.output = output;
        this.base = base;
    }

    /** Starts the script and waits until it says the sample is up. */
    static MainJob start(Path data, String natsUrl, Map<String, String> environment) {
        Path root = Path.of(System.getProperty("natscap.it.repoRoot", ".."));
        int port = NatsTestServer.freePort();
        try {
            Files.createDirectories(data);
            Path output = Files.createTempFile(data, "run-sample-", ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of("bash", root.resolve("scripts/run-sample.sh").toString()))
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(Map.of("PORT", Integer.toString(port), "NATSCAP_DATA", data.toString(),
                    "NATS_URL", natsUrl, "NATSCAP_BUILD", "0"));
            builder.environment().putAll(environment);
            MainJob job = new MainJob(builder.start(), output, new URL("http://127.0.0.1:" + port + "/"));
            job.awaitReady();
            return job;
        } catch (MalformedURLException e) {
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start scripts/run-sample.sh", e);
        }
    }

    URL base() {
        return base;
    }

    /** What the script printed, for failure messages. */
    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    /** kill -9 of Payara Micro, as a crash would; the script then ends by itself. */
    void killPayara() throws InterruptedException {
        List<ProcessHandle> payara = script.descendants().filter(p -> p.info().commandLine().orElse("").contains("payara-micro.jar"))
                .toList();
        if (payara.isEmpty()) {
            throw new AssertionError("no Payara Micro process under run-sample.sh; it printed:\n" + output());
        }
        payara.forEach(ProcessHandle::destroyForcibly);
        if (!script.waitFor(READY_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("run-sample.sh did not end after Payara Micro was killed; it printed:\n" + output());
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (!output().contains(READY)) {
            if (!script.isAlive()) {
                throw new AssertionError("run-sample.sh ended (exit " + script.exitValue() + ") before the sample was up:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run-sample.sh did not have the sample up within " + READY_LIMIT.toSeconds() + " s:\n"
                        + output());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Stops it as Ctrl-C does (the script's trap stops Payara Micro), forcibly if it hangs. */
    @Override
    public void close() throws InterruptedException {
        script.destroy();
        if (!script.waitFor(60, TimeUnit.SECONDS)) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly().waitFor();
        }
    }
}
