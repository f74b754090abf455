package io.natscap.sample.web;

import io.natscap.sample.billing.Invoice;
import io.natscap.sample.orders.CustomerOrder;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON shapes of the contract, in one place. */
final class Json {

    private Json() {
    }

    static JsonObject of(CustomerOrder order) {
        return jakarta.json.Json.createObjectBuilder()
                .add("id", order.getId())
                .add("customer", order.getCustomer())
                .add("amount", order.getAmount())
                .add("status", order.getStatus().name())
                .build();
    }

    static JsonObject of(Invoice invoice) {
        return jakarta.json.Json.createObjectBuilder()
                .add("orderId", invoice.getOrderId())
                .add("customer", invoice.getCustomer())
                .add("amount", invoice.getAmount())
                .add("createdAt", invoice.getCreatedAt().toString())
                .build();
    }

    /** An error answer: {@code {"error": "..."}} with the given status. */
    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(jakarta.json.Json.createObjectBuilder().add("error", message).build().toString()).build();
    }
}
