package io.natscap.cap.diagnostics;

import io.natscap.cap.CapTracing;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's {@link CapTracing}, or the fallback without one: the traceparent of the span
 * active at publish, no spans of natscap's own. A tracing bean that throws is logged once and
 * otherwise ignored, so that tracing never changes a publish or a delivery.
 */
public final class Tracing {

    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());
    private static final CapTracing.Delivery NO_SPAN = new CapTracing.Delivery() {
        @Override
        public void failed(Throwable error) {
        }

        @Override
        public void close() {
        }
    };

    private final CapTracing tracing;
    private final Supplier<String> activeTraceParent;
    private volatile boolean failureLogged;

    /** With the application's tracing, or (null) without: then the span active at publish gives the traceparent. */
    public static Tracing of(CapTracing tracing) {
        return new Tracing(tracing, TraceParent::current);
    }

    /**
     * @param tracing           the application's, or null
     * @param activeTraceParent the traceparent of the span active on this thread (null when none)
     */
    public Tracing(CapTracing tracing, Supplier<String> activeTraceParent) {
        this.tracing = tracing;
        this.activeTraceParent = activeTraceParent;
    }

    /** The traceparent to send with a message being published now, or null. */
    public String published(String name, long messageId) {
        if (tracing != null) {
            try {
                return tracing.published(name, messageId);
            } catch (RuntimeException e) {
                logOnce(e);
            }
        }
        return activeTraceParent.get();
    }

    /** The span of one delivery; a span that does nothing without tracing. */
    public CapTracing.Delivery delivering(String name, String group, long messageId, String traceparent, long attempt) {
        if (tracing == null) {
            return NO_SPAN;
        }
        try {
            CapTracing.Delivery span = tracing.delivering(name, group, messageId, traceparent, attempt);
            return span == null ? NO_SPAN : new Guarded(span);
        } catch (RuntimeException e) {
            logOnce(e);
            return NO_SPAN;
        }
    }

    private void logOnce(RuntimeException e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.log(Level.WARNING, "The CapTracing " + tracing.getClass().getName()
                    + " failed; messages go on without its spans (logged once)", e);
        }
    }

    /** A span whose failures are logged, not thrown into the delivery. */
    private final class Guarded implements CapTracing.Delivery {
        private final CapTracing.Delivery span;

        Guarded(CapTracing.Delivery span) {
            this.span = span;
        }

        @Override
        public void failed(Throwable error) {
            try {
                span.failed(error);
            } catch (RuntimeException e) {
                logOnce(e);
            }
        }

        @Override
        public void close() {
            try {
                span.close();
            } catch (RuntimeException e) {
                logOnce(e);
            }
        }
    }
}
