package io.natscap.sample.web;

import io.natscap.sample.billing.InvoiceService;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** GET /api/invoices, GET /api/invoices/{orderId} (404 until billing has written it). */
@Path("invoices")
@Produces(MediaType.APPLICATION_JSON)
public class InvoicesResource {

    @EJB
    private InvoiceService invoices;

    @GET
    @Path("{orderId}")
    public Response find(@PathParam("orderId") String orderId) {
        return invoices.find(orderId)
                .map(invoice -> Response.ok(Json.of(invoice).toString()).build())
                .orElseGet(() -> Json.error(Response.Status.NOT_FOUND, "no invoice for order " + orderId + " (yet)"));
    }

    @GET
    public String all() {
        var list = jakarta.json.Json.createArrayBuilder();
        invoices.all().forEach(invoice -> list.add(Json.of(invoice)));
        return list.build().toString();
    }
}
