package io.natscap.console;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import java.util.Set;

/**
 * Every console request: a logged-in user (401), in the viewer or operator role (403); an action
 * (any method but GET, HEAD, OPTIONS) only for the operator role and only with the session's CSRF
 * token in {@link ConsoleAccess#CSRF_HEADER} (403). A cross-site form or image cannot set that
 * header, and a cross-site script cannot read the token.
 */
@Provider
@Guarded
@Priority(Priorities.AUTHORIZATION)
public class ConsoleGuard implements ContainerRequestFilter {

    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Inject
    ConsoleAccess access;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        SecurityContext security = request.getSecurityContext();
        if (security.getUserPrincipal() == null) {
            request.abortWith(refusal(Response.Status.UNAUTHORIZED, "Log in to use natscap's console"));
            return;
        }
        boolean operator = security.isUserInRole(access.operatorRole());
        if (!operator && !security.isUserInRole(access.viewerRole())) {
            request.abortWith(refusal(Response.Status.FORBIDDEN, "natscap's console needs the role " + access.viewerRole()
                    + " (to read) or " + access.operatorRole() + " (to act); this user has neither"));
            return;
        }
        if (READS.contains(request.getMethod())) {
            return;
        }
        if (!operator) {
            request.abortWith(refusal(Response.Status.FORBIDDEN,
                    "Only the role " + access.operatorRole() + " may requeue, re-execute or delete messages"));
            return;
        }
        if (!access.carriesCsrfToken(servletRequest, request.getHeaderString(ConsoleAccess.CSRF_HEADER))) {
            request.abortWith(refusal(Response.Status.FORBIDDEN, "The request lacks this session's CSRF token in "
                    + ConsoleAccess.CSRF_HEADER + ": reload the console and try again"));
        }
    }

    static Response refusal(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", message).build()).build();
    }
}
