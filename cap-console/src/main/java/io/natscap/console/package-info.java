/**
 * natscap's operator console, served under {@code /natscap} of the application that bundles this
 * jar: static pages ({@code META-INF/resources/natscap}) over a Jakarta REST API under
 * {@code /natscap/api} that reads and acts through {@link io.natscap.cap.CapMonitor}. Nothing here
 * is called by applications.
 *
 * <p>Security: {@code web-fragment.xml} lets only logged-in users reach {@code /natscap/*} (the
 * application chooses how they log in); {@link ConsoleGuard} lets the viewer role read and only the
 * operator role act, and refuses an action without the session's CSRF token. Role names are
 * {@link ConsoleAccess}'s options.
 */
package io.natscap.console;
