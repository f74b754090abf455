package io.natscap.bench.runner;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run found: comparisons (natscap beside its baseline, their ratio against the target) and
 * single figures (recovery, footprint), with the machine, the versions and the settings. Printed
 * as a table and written as Markdown and JSON.
 */
final class Report {

    /** natscap's figure and the baseline's, higher is better; {@code target} is the lowest acceptable ratio. */
    record Comparison(String section, String setting, String unit, String natscapLabel, Measure natscap,
                      String baselineLabel, Measure baseline, double target) {
        double ratio() {
            return natscap.median() / baseline.median();
        }
    }

    /** A figure on its own; {@code target} is a ceiling when set (e.g. 0 errors). */
    record Figure(String section, String name, String unit, Measure measure, Double ceiling) {
    }

    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Query plans the run recorded, by what was explained. */
    private final Map<String, String> plans = new java.util.LinkedHashMap<>();
    private final Map<String, Object> machine;
    private final Map<String, Object> versions;
    private final Map<String, Object> settings;
    private final String started;

    Report(String started, Map<String, Object> machine, Map<String, Object> versions, Map<String, Object> settings) {
        this.started = started;
        this.machine = machine;
        this.versions = versions;
        this.settings = settings;
    }

    void add(Comparison comparison) {
        comparisons.add(comparison);
        System.out.println("  -> " + comparison.section() + ", " + comparison.setting() + ": " + comparison.natscapLabel() + " "
                + comparison.natscap().summary() + " vs " + comparison.baselineLabel() + " " + comparison.baseline().summary()
                + " " + comparison.unit() + ", ratio " + ratio(comparison.ratio()));
    }

    void add(Figure figure) {
        figures.add(figure);
        System.out.println("  -> " + figure.section() + ", " + figure.name() + ": " + figure.measure().summary() + " " + figure.unit());
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    void plan(String what, String plan) {
        plans.put(what, plan);
        System.out.println("  plan, " + what + ":\n" + plan.indent(4));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Run started ").append(started).append(". Medians of the runs, (min–max) after them.\n\n");
        md.append("| Case | Setting | natscap | Baseline | Ratio | Target |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Comparison c : comparisons) {
            md.append("| ").append(c.section()).append(" | ").append(c.setting()).append(" | ")
                    .append(c.natscapLabel()).append(": ").append(c.natscap().summary()).append(' ').append(c.unit()).append(" | ")
                    .append(c.baselineLabel()).append(": ").append(c.baseline().summary()).append(' ').append(c.unit()).append(" | ")
                    .append(ratio(c.ratio())).append(" | ");
            if (c.target() > 0) {
                md.append("≥ ").append(c.target()).append(c.ratio() >= c.target() ? " met" : " **missed**");
            } else {
                md.append("(reported)");
            }
            md.append(" |\n");
        }
        md.append("\n| Case | Figure | Median (min–max) | Target |\n|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.section()).append(" | ").append(f.name()).append(" | ").append(f.measure().summary())
                    .append(' ').append(f.unit()).append(" | ");
            if (f.ceiling() != null) {
                md.append("≤ ").append(Measure.format(f.ceiling())).append(f.measure().max() <= f.ceiling() ? " met" : " **missed**");
            }
            md.append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes from the run:\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        if (!plans.isEmpty()) {
            md.append("\nQuery plans:\n");
            plans.forEach((what, plan) -> md.append("\n").append(what).append(":\n\n```\n").append(plan).append("\n```\n"));
        }
        md.append("\nMachine: ");
        machine.forEach((k, v) -> md.append(k).append(" ").append(v).append("; "));
        md.append("\n\nVersions: ");
        versions.forEach((k, v) -> md.append(k).append(" ").append(v).append("; "));
        md.append("\n\nSettings: ");
        settings.forEach((k, v) -> md.append(k).append(" ").append(v).append("; "));
        md.append('\n');
        return md.toString();
    }

    JsonObject json() {
        JsonArrayBuilder comparisonsJson = Json.createArrayBuilder();
        for (Comparison c : comparisons) {
            comparisonsJson.add(Json.createObjectBuilder()
                    .add("case", c.section()).add("setting", c.setting()).add("unit", c.unit())
                    .add("natscap", c.natscap().toJson().add("label", c.natscapLabel()))
                    .add("baseline", c.baseline().toJson().add("label", c.baselineLabel()))
                    .add("ratio", Double.isNaN(c.ratio()) ? 0 : Math.round(c.ratio() * 1000) / 1000.0)
                    .add("target", c.target()));
        }
        JsonArrayBuilder figuresJson = Json.createArrayBuilder();
        for (Figure f : figures) {
            JsonObjectBuilder figure = f.measure().toJson().add("case", f.section()).add("figure", f.name()).add("unit", f.unit());
            if (f.ceiling() != null) {
                figure.add("ceiling", f.ceiling());
            }
            figuresJson.add(figure);
        }
        JsonObjectBuilder plansJson = Json.createObjectBuilder();
        plans.forEach(plansJson::add);
        JsonArrayBuilder notesJson = Json.createArrayBuilder();
        notes.forEach(notesJson::add);
        return Json.createObjectBuilder()
                .add("started", started)
                .add("machine", asJson(machine))
                .add("versions", asJson(versions))
                .add("settings", asJson(settings))
                .add("comparisons", comparisonsJson)
                .add("figures", figuresJson)
                .add("notes", notesJson)
                .add("plans", plansJson)
                .build();
    }

    /** Writes benchmark-&lt;time&gt;.json and .md into {@code directory}; returns the JSON file. */
    Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        String stamp = started.replace(":", "").replace("-", "").replaceAll("\\..*", "");
        Path json = directory.resolve("benchmark-" + stamp + ".json");
        JsonWriterFactory writers = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        StringWriter text = new StringWriter();
        writers.createWriter(text).write(json());
        Files.writeString(json, text.toString());
        Files.writeString(directory.resolve("benchmark-" + stamp + ".md"), markdown());
        return json;
    }

    static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static JsonObjectBuilder asJson(Map<String, Object> values) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        values.forEach((k, v) -> {
            if (v instanceof Number n) {
                json.add(k, n.doubleValue() == Math.rint(n.doubleValue())
                        ? Json.createValue(n.longValue()) : Json.createValue(n.doubleValue()));
            } else if (v instanceof List<?> list) {
                JsonArrayBuilder array = Json.createArrayBuilder();
                list.forEach(item -> array.add(String.valueOf(item)));
                json.add(k, array);
            } else {
                json.add(k, String.valueOf(v));
            }
        });
        return json;
    }
}
