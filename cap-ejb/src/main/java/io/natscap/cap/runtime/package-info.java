/**
 * Implementation of natscap, not an API: applications use {@code io.natscap.cap} (and
 * {@code io.natscap.cap.config} for the options). Classes here change without notice.
 *
 * <p>Wiring only: the composition root that starts natscap with the application, and the beans of the public API's monitoring.
 */
package io.natscap.cap.runtime;
