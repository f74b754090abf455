package io.natscap.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Who may use the console, and the per-session token that makes its actions safe from cross-site
 * requests. The role names are options (MicroProfile Config) so that an application can map the
 * console onto roles it already has.
 */
@ApplicationScoped
public class ConsoleAccess {

    /** May read and act (requeue, re-execute, delete). */
    public static final String OPERATOR_ROLE = "cap.console.operatorRole";
    public static final String OPERATOR_ROLE_DEFAULT = "natscap-operator";
    /** May read only. */
    public static final String VIEWER_ROLE = "cap.console.viewerRole";
    public static final String VIEWER_ROLE_DEFAULT = "natscap-viewer";
    /** The request header that carries the session's CSRF token on every action. */
    public static final String CSRF_HEADER = "X-Natscap-Csrf";

    private static final String CSRF_ATTRIBUTE = ConsoleAccess.class.getName() + ".csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = OPERATOR_ROLE, defaultValue = OPERATOR_ROLE_DEFAULT)
    String operatorRole;

    @Inject
    @ConfigProperty(name = VIEWER_ROLE, defaultValue = VIEWER_ROLE_DEFAULT)
    String viewerRole;

    public String operatorRole() {
        return operatorRole;
    }

    public String viewerRole() {
        return viewerRole;
    }

    /** The session's token, created with the session when there is none yet. */
    String csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            Object token = session.getAttribute(CSRF_ATTRIBUTE);
            if (token instanceof String existing) {
                return existing;
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String created = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(CSRF_ATTRIBUTE, created);
            return created;
        }
    }

    /** Whether the request carries its session's token (compared in constant time). */
    boolean carriesCsrfToken(HttpServletRequest request, String sent) {
        HttpSession session = request.getSession(false);
        Object token = session == null ? null : session.getAttribute(CSRF_ATTRIBUTE);
        return sent != null && token instanceof String expected
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
