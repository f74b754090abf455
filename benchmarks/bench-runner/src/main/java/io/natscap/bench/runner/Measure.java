package io.natscap.bench.runner;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One figure measured in several runs: each run's value, the median and the range. */
final class Measure {

    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    double median() {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** "1234 (1200–1300)": the median and the range, as the table shows them. */
    String summary() {
        if (values.isEmpty()) {
            return "–";
        }
        return format(median()) + " (" + format(min()) + "–" + format(max()) + ")";
    }

    JsonObjectBuilder toJson() {
        JsonArrayBuilder runs = Json.createArrayBuilder();
        values.forEach(v -> runs.add(round(v)));
        JsonObjectBuilder json = Json.createObjectBuilder().add("runs", runs);
        if (!values.isEmpty()) {
            json.add("median", round(median())).add("min", round(min())).add("max", round(max()));
        }
        return json;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
