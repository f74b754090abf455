/**
 * Implementation of natscap, not an API: applications use {@code io.natscap.cap} (and
 * {@code io.natscap.cap.config} for the options). Classes here change without notice.
 *
 * <p>Small loops with one job each (retry, delayed, expiry, transport check, worker id renewal), run by ProcessorLoop.
 */
package io.natscap.cap.processors;
