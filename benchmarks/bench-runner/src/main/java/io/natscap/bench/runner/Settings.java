package io.natscap.bench.runner;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the run is set up; each is a system property that scripts/run-benchmarks.sh fills from an
 * environment variable of the same meaning (README, "Benchmarks").
 */
record Settings(int seconds, int runs, int warmupSeconds, List<Integer> callers, List<String> cases,
                List<String> databases, int recoveryRate, int outageSeconds, String jvmOptions,
                Path runtime, Path work, Path output) {

    static final List<String> ALL_CASES = List.of("outbox", "scale", "publish", "consume", "txconsume", "concurrency",
            "recovery", "drain", "footprint");
    static final List<String> ALL_DATABASES = List.of("h2", "postgresql");

    static Settings fromSystemProperties() {
        Settings settings = new Settings(
                positive("bench.seconds", 10),
                positive("bench.runs", 3),
                positive("bench.warmupSeconds", 5),
                list("bench.callers", List.of("1", "8")).stream().map(c -> positive("bench.callers", c)).toList(),
                list("bench.cases", ALL_CASES),
                list("bench.databases", ALL_DATABASES),
                positive("bench.recoveryRate", 200),
                positive("bench.outageSeconds", 10),
                System.getProperty("bench.jvmOptions", "-Xms512m -Xmx1g"),
                Path.of(required("bench.runtime")),
                Path.of(required("bench.work")),
                Path.of(required("bench.output")));
        for (String name : settings.cases) {
            if (!ALL_CASES.contains(name)) {
                throw new IllegalArgumentException("bench.cases: unknown case '" + name + "'; the cases are " + ALL_CASES);
            }
        }
        for (String name : settings.databases) {
            if (!ALL_DATABASES.contains(name)) {
                throw new IllegalArgumentException("bench.databases: unknown database '" + name + "'; they are " + ALL_DATABASES);
            }
        }
        return settings;
    }

    boolean runs(String name) {
        return cases.contains(name);
    }

    Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("secondsPerRun", seconds);
        described.put("runsPerCase", runs);
        described.put("warmupSeconds", warmupSeconds);
        described.put("callers", callers);
        described.put("cases", cases);
        described.put("databases", databases);
        described.put("recoveryRatePerSecond", recoveryRate);
        described.put("outageSeconds", outageSeconds);
        described.put("payaraJvmOptions", jvmOptions);
        return described;
    }

    private static int positive(String key, int fallback) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return positive(key, value);
    }

    private static int positive(String key, String value) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive whole number, was '" + value + "'");
    }

    private static List<String> list(String key, List<String> fallback) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return List.of(value.trim().split("\\s*,\\s*"));
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is not set (scripts/run-benchmarks.sh sets it)");
        }
        return value;
    }
}
