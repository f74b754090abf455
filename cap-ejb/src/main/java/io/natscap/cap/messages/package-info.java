/**
 * Implementation of natscap, not an API: applications use {@code io.natscap.cap} (and
 * {@code io.natscap.cap.config} for the options). Classes here change without notice.
 *
 * <p>CAP's wire format: the stored and sent message (CapMessage), a received one read as CAP reads it
 * (InboundMessage), snowflake ids and headers.
 */
package io.natscap.cap.messages;
