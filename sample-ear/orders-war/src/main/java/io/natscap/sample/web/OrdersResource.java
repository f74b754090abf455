package io.natscap.sample.web;

import io.natscap.sample.orders.CustomerOrder;
import io.natscap.sample.orders.OrderService;
import jakarta.ejb.EJB;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;

/** POST /api/orders, GET /api/orders/{id}, GET /api/orders. */
@Path("orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    @EJB
    private OrderService orders;

    /** {"customer":"alice","amount":12.5} → 201 with the order; anything else → 400, nothing stored. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response place(String body) {
        JsonObject request;
        try (var reader = jakarta.json.Json.createReader(new StringReader(body == null ? "" : body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return Json.error(Response.Status.BAD_REQUEST,
                        "the body must be a JSON object like {\"customer\":\"alice\",\"amount\":12.5}");
            }
            request = value.asJsonObject();
        } catch (JsonException e) {
            return Json.error(Response.Status.BAD_REQUEST, "the body is not valid JSON: " + e.getMessage());
        }
        if (!(request.get("customer") instanceof JsonString customer) || customer.getString().isBlank()) {
            return Json.error(Response.Status.BAD_REQUEST, "customer is required: a non-empty string");
        }
        if (!(request.get("amount") instanceof JsonNumber amountValue)) {
            return Json.error(Response.Status.BAD_REQUEST, "amount is required: a number");
        }
        BigDecimal amount = amountValue.bigDecimalValue();
        if (amount.signum() <= 0) {
            return Json.error(Response.Status.BAD_REQUEST, "amount must be positive, was " + amount.toPlainString());
        }
        CustomerOrder order = orders.place(customer.getString().trim(), amount);
        return Response.created(URI.create("orders/" + order.getId())).entity(Json.of(order).toString()).build();
    }

    @GET
    @Path("{id}")
    public Response find(@PathParam("id") String id) {
        return orders.find(id)
                .map(order -> Response.ok(Json.of(order).toString()).build())
                .orElseGet(() -> Json.error(Response.Status.NOT_FOUND, "no order " + id));
    }

    @GET
    public String all() {
        var list = jakarta.json.Json.createArrayBuilder();
        orders.all().forEach(order -> list.add(Json.of(order)));
        return list.build().toString();
    }
}
