/**
 * Implementation of natscap, not an API: applications use {@code io.natscap.cap} (and
 * {@code io.natscap.cap.config} for the options). Classes here change without notice.
 *
 * <p>The publisher's side: the row written in the caller's transaction, the after-commit hook, and the dispatcher that sends to JetStream.
 */
package io.natscap.cap.outbox;
