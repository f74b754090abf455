package io.natscap.microprofile;

import io.natscap.cap.CapTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * natscap's spans on MicroProfile Telemetry: a producer span when a message is published (a child
 * of the span active then, e.g. the HTTP request's; its context is the message's traceparent),
 * and a consumer span for every delivery, a child of that traceparent, current while the
 * subscriber runs (so that its own spans nest under it). Attribute names follow OpenTelemetry's
 * messaging conventions, plus CAP's group and attempt. Spans are exported as the server's
 * telemetry is configured ({@code otel.*}; Payara records none unless {@code otel.sdk.disabled=false}).
 */
@ApplicationScoped
public class NatscapTracing implements CapTracing {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> CAP_GROUP = AttributeKey.stringKey("cap.group");
    static final AttributeKey<Long> CAP_ATTEMPT = AttributeKey.longKey("cap.attempt");

    @Inject
    Tracer tracer;

    @Override
    public String published(String name, long messageId) {
        Span span = tracer.spanBuilder(name + " publish").setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "nats").setAttribute(DESTINATION, name).setAttribute(OPERATION, "publish")
                .setAttribute(MESSAGE_ID, Long.toString(messageId))
                .startSpan();
        try {
            SpanContext context = span.getSpanContext();
            return context.isValid()
                    ? "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex()
                    : null;
        } finally {
            span.end();
        }
    }

    @Override
    public Delivery delivering(String name, String group, long messageId, String traceparent, long attempt) {
        SpanBuilder builder = tracer.spanBuilder(name + " process").setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "nats").setAttribute(DESTINATION, name).setAttribute(OPERATION, "process")
                .setAttribute(MESSAGE_ID, Long.toString(messageId))
                .setAttribute(CONSUMER_GROUP, group).setAttribute(CAP_GROUP, group).setAttribute(CAP_ATTEMPT, attempt);
        SpanContext parent = parse(traceparent);
        if (parent.isValid()) {
            builder.setParent(Context.root().with(Span.wrap(parent)));
        } else {
            builder.setNoParent();
        }
        Span span = builder.startSpan();
        Scope scope = span.makeCurrent();
        return new Delivery() {
            @Override
            public void failed(Throwable error) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            }

            @Override
            public void close() {
                scope.close();
                span.end();
            }
        };
    }

    /** A W3C traceparent ({@code 00-<32 hex>-<16 hex>-<2 hex>}); the invalid context for anything else. */
    static SpanContext parse(String traceparent) {
        if (traceparent == null || traceparent.length() != 55 || !traceparent.startsWith("00-")
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
            return SpanContext.getInvalid();
        }
        return SpanContext.createFromRemoteParent(traceparent.substring(3, 35), traceparent.substring(36, 52),
                TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
    }
}
