/**
 * natscap's application API: {@link io.natscap.cap.CapPublisher} to publish through the outbox,
 * {@link io.natscap.cap.CapSubscriber} to consume once per message id and group, and
 * {@link io.natscap.cap.CapMonitor} for what an operator reads and does. Everything in the
 * sub-packages but {@code config} is implementation.
 */
package io.natscap.cap;
