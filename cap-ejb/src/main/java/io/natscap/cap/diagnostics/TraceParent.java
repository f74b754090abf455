package io.natscap.cap.diagnostics;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The W3C {@code traceparent} of the trace active on this thread, for CAP's traceparent header.
 * OpenTelemetry is optional: without its API on the class path there is simply no header.
 */
final class TraceParent {

    private static final boolean OPEN_TELEMETRY = present("io.opentelemetry.api.trace.Span");

    private TraceParent() {
    }

    /** {@code 00-<trace id>-<span id>-<flags>}, or null when no trace is active. */
    static String current() {
        return OPEN_TELEMETRY ? OpenTelemetry.current() : null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, TraceParent.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when the API is there. */
    private static final class OpenTelemetry {
        static String current() {
            SpanContext span = Span.current().getSpanContext();
            return span.isValid()
                    ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                    : null;
        }
    }
}
