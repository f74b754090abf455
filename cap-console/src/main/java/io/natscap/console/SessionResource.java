package io.natscap.console;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Who is logged in, whether they may act, and the token their actions must carry. */
@Path("session")
@Guarded
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    ConsoleAccess access;

    @GET
    public JsonObject session(@Context SecurityContext security, @Context HttpServletRequest request) {
        return Json.createObjectBuilder()
                .add("user", security.getUserPrincipal().getName())
                .add("operator", security.isUserInRole(access.operatorRole()))
                .add("csrfHeader", ConsoleAccess.CSRF_HEADER)
                .add("csrfToken", access.csrfToken(request))
                .build();
    }
}
