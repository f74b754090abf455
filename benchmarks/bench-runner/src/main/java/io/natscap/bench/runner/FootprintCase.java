package io.natscap.bench.runner;

import io.natscap.bench.runner.Report.Figure;
import io.natscap.testing.NatsTestServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Case 5: Payara Micro with the RAR and the orders sample, as scripts/run-sample.sh starts it:
 * time to ready, resident memory idle, and its peak while 8 clients place orders over HTTP.
 */
final class FootprintCase {

    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final int CLIENTS = 8;

    private final Settings settings;
    private final NatsTestServer nats;
    private final Report report;

    FootprintCase(Settings settings, NatsTestServer nats, Report report) {
        this.settings = settings;
        this.nats = nats;
        this.report = report;
    }

    void run() throws Exception {
        BenchmarkRunner.say("case 5, footprint: Payara Micro with nats-ra and the orders sample");
        Measure ready = new Measure();
        Measure idle = new Measure();
        Measure loaded = new Measure();
        Measure orders = new Measure();
        for (int run = 1; run <= settings.runs(); run++) {
            try (PayaraMicro payara = PayaraMicro.start("footprint", settings, nats.url(), "orders.war", List.of())) {
                ready.add(payara.readyMillis() / 1000.0);
                Thread.sleep(IDLE.toMillis());
                idle.add(payara.residentMiB());
                Load load = placeOrders(payara);
                loaded.add(load.peakMiB());
                orders.add(load.ordersPerSecond());
                BenchmarkRunner.say(String.format(java.util.Locale.ROOT,
                        "  run %d: ready in %.1f s, %.0f MiB idle, %.0f MiB peak under load (%.0f orders/s, %d failed)",
                        run, payara.readyMillis() / 1000.0, idle.max(), load.peakMiB(), load.ordersPerSecond(), load.failed()));
                if (load.failed() > 0) {
                    report.note("case 5 run " + run + ": " + load.failed() + " order request(s) failed");
                }
            }
        }
        String section = "5 footprint (orders sample, " + settings.jvmOptions() + ")";
        report.add(new Figure(section, "Payara Micro start → ready (RAR + sample deployed)", "s", ready, null));
        report.add(new Figure(section, "resident memory, idle", "MiB", idle, null));
        report.add(new Figure(section, "resident memory, peak under load (" + CLIENTS + " HTTP clients)", "MiB", loaded, null));
        report.add(new Figure(section, "orders placed under that load", "orders/s", orders, null));
    }

    private record Load(double peakMiB, double ordersPerSecond, long failed) {
    }

    /** {@value #CLIENTS} clients POST orders for the run's seconds while the resident memory is sampled. */
    private Load placeOrders(PayaraMicro payara) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest order = HttpRequest.newBuilder(URI.create(payara.baseUrl() + "/api/orders"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"customer\":\"bench\",\"amount\":12.5}")).build();
        AtomicLong placed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(settings.seconds()).toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        int status = http.send(order, HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status == 201 ? placed : failed).incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        double peak = 0;
        while (System.nanoTime() < deadline) {
            peak = Math.max(peak, payara.residentMiB());
            Thread.sleep(250);
        }
        for (Thread client : clients) {
            client.join();
        }
        peak = Math.max(peak, payara.residentMiB());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Load(peak, placed.get() / seconds, failed.get());
    }
}
