/**
 * natscap on MicroProfile servers: add the jar to the application beside cap-ejb and the server's
 * health and metrics endpoints show natscap. Nothing here is called by applications.
 *
 * <ul>
 *   <li>{@link NatscapReadiness}: {@code /health/ready} DOWN while NATS is unreachable or the outbox's
 *       oldest unsent message is older than {@code cap.health.backlogMaxAge};</li>
 *   <li>{@link NatscapLiveness}: {@code /health/live} DOWN when one of natscap's background loops has
 *       stopped running;</li>
 *   <li>{@link NatscapMetrics}: gauges of the tables, counters and latencies of what happens to messages;</li>
 *   <li>{@link NatscapTracing}: producer and consumer spans on MicroProfile Telemetry.</li>
 * </ul>
 */
package io.natscap.microprofile;
