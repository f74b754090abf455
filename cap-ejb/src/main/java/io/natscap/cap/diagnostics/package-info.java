/**
 * Implementation, not API: how natscap tells the application's {@link io.natscap.cap.CapObserver}s
 * what happens to messages.
 */
package io.natscap.cap.diagnostics;
