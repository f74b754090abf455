package io.natscap.bench.app;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.nio.charset.StandardCharsets;

/**
 * The event every case sends: its JSON is exactly {@link #JSON_BYTES} bytes (a 12-digit id and
 * padding), whether CapPublisher serializes it or a baseline sends the bytes itself.
 */
public class BenchEvent {

    public static final int JSON_BYTES = 256;
    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final String PAD = padding();

    private String id;
    private String pad;

    public BenchEvent() {
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getPad() {
        return pad;
    }

    public void setPad(String pad) {
        this.pad = pad;
    }

    public static BenchEvent of(long sequence) {
        BenchEvent event = new BenchEvent();
        event.id = String.format("%012d", sequence);
        event.pad = PAD;
        return event;
    }

    public byte[] json() {
        return JSONB.toJson(this).getBytes(StandardCharsets.UTF_8);
    }

    private static String padding() {
        BenchEvent probe = new BenchEvent();
        probe.id = String.format("%012d", 0);
        probe.pad = "";
        int length = JSONB.toJson(probe).getBytes(StandardCharsets.UTF_8).length;
        return "x".repeat(JSON_BYTES - length);
    }
}
