/**
 * Implementation of natscap, not an API: applications use {@code io.natscap.cap} (and
 * {@code io.natscap.cap.config} for the options). Classes here change without notice.
 *
 * <p>The subscriber's side: a CAP subscriber's business method run once per message id and group.
 */
package io.natscap.cap.inbox;
