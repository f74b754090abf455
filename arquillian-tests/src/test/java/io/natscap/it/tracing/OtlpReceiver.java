package io.natscap.it.tracing;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP trace receiver on a free loopback port: what Payara's OpenTelemetry exporter sends
 * to {@code /v1/traces} (protobuf ExportTraceServiceRequest), decoded into the span fields a test
 * asserts. The decoder reads only the fields it needs and skips the rest (protobuf wire format).
 */
final class OtlpReceiver implements AutoCloseable {

    /** One exported span. {@code kind}: OTLP's SpanKind (2 server, 4 producer, 5 consumer). */
    record ExportedSpan(String traceId, String spanId, String parentSpanId, String name, int kind,
                        Map<String, String> attributes, int statusCode) {
    }

    private final HttpServer server;
    private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for OTLP on loopback", e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                spans.addAll(decodeRequest(body.readAllBytes()));
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ExportedSpan> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ExportTraceServiceRequest: 1 resource_spans; ResourceSpans: 2 scope_spans; ScopeSpans: 2 spans
    private static List<ExportedSpan> decodeRequest(byte[] request) {
        List<ExportedSpan> found = new ArrayList<>();
        for (byte[] resourceSpans : new Reader(request).messages(1)) {
            for (byte[] scopeSpans : new Reader(resourceSpans).messages(2)) {
                for (byte[] span : new Reader(scopeSpans).messages(2)) {
                    found.add(decodeSpan(span));
                }
            }
        }
        return found;
    }

    // Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes, 15 status (Status: 3 code)
    private static ExportedSpan decodeSpan(byte[] span) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        int status = 0;
        Map<String, String> attributes = new HashMap<>();
        Reader fields = new Reader(span);
        while (fields.more()) {
            long tag = fields.varint();
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            if (type == 2) {
                byte[] value = fields.bytes();
                switch (field) {
                    case 1 -> traceId = HexFormat.of().formatHex(value);
                    case 2 -> spanId = HexFormat.of().formatHex(value);
                    case 4 -> parent = HexFormat.of().formatHex(value);
                    case 5 -> name = new String(value, StandardCharsets.UTF_8);
                    case 9 -> attribute(value, attributes);
                    case 15 -> status = statusCode(value);
                    default -> { }
                }
            } else if (type == 0) {
                long value = fields.varint();
                if (field == 6) {
                    kind = (int) value;
                }
            } else {
                fields.skip(type);
            }
        }
        return new ExportedSpan(traceId, spanId, parent, name, kind, attributes, status);
    }

    // KeyValue: 1 key, 2 value (AnyValue: 1 string_value, 2 bool_value, 3 int_value)
    private static void attribute(byte[] keyValue, Map<String, String> into) {
        String key = null;
        String value = null;
        Reader fields = new Reader(keyValue);
        while (fields.more()) {
            long tag = fields.varint();
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            if (field == 1 && type == 2) {
                key = new String(fields.bytes(), StandardCharsets.UTF_8);
            } else if (field == 2 && type == 2) {
                value = anyValue(fields.bytes());
            } else {
                fields.skip(type);
            }
        }
        if (key != null) {
            into.put(key, value);
        }
    }

    private static String anyValue(byte[] any) {
        Reader fields = new Reader(any);
        while (fields.more()) {
            long tag = fields.varint();
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            if (field == 1 && type == 2) {
                return new String(fields.bytes(), StandardCharsets.UTF_8);
            } else if ((field == 2 || field == 3) && type == 0) {
                long v = fields.varint();
                return field == 2 ? Boolean.toString(v != 0) : Long.toString(v);
            } else {
                fields.skip(type);
            }
        }
        return null;
    }

    private static int statusCode(byte[] status) {
        Reader fields = new Reader(status);
        while (fields.more()) {
            long tag = fields.varint();
            if ((tag >>> 3) == 3 && (tag & 7) == 0) {
                return (int) fields.varint();
            }
            fields.skip((int) (tag & 7));
        }
        return 0;
    }

    /** Protobuf's wire format, the four types OTLP uses. */
    private static final class Reader {
        private final byte[] data;
        private int at;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return at < data.length;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[at++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        byte[] bytes() {
            int length = (int) varint();
            ByteArrayOutputStream out = new ByteArrayOutputStream(length);
            out.write(data, at, length);
            at += length;
            return out.toByteArray();
        }

        void skip(int type) {
            switch (type) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> bytes();
                case 5 -> at += 4;
                default -> throw new IllegalArgumentException("protobuf wire type " + type);
            }
        }

        /** The embedded messages of one repeated field. */
        List<byte[]> messages(int field) {
            List<byte[]> found = new ArrayList<>();
            while (more()) {
                long tag = varint();
                if ((tag >>> 3) == field && (tag & 7) == 2) {
                    found.add(bytes());
                } else {
                    skip((int) (tag & 7));
                }
            }
            return found;
        }
    }
}
