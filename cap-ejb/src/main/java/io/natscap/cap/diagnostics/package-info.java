/**
 * Implementation, not API: how natscap tells the application's {@link io.natscap.cap.CapObserver}s
 * what happens to messages, and traces them through its {@link io.natscap.cap.CapTracing} (or, without
 * one, sends the traceparent of the span active at publish).
 */
package io.natscap.cap.diagnostics;
