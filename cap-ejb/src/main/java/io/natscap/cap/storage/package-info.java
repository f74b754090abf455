/**
 * Implementation of natscap, not an API: applications use {@code io.natscap.cap} (and
 * {@code io.natscap.cap.config} for the options). Classes here change without notice.
 *
 * <p>The tables: published (outbox), received (inbox) and lock (worker ids), behind narrow stores; the SQL
 * of each database in Dialect, its one place.
 */
package io.natscap.cap.storage;
