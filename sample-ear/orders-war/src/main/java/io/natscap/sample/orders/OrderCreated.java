package io.natscap.sample.orders;

import java.math.BigDecimal;

/** The event {@code orders.created}: {"orderId","customer","amount"}. */
public class OrderCreated {

    public static final String NAME = "orders.created";

    public String orderId;
    public String customer;
    public BigDecimal amount;

    public OrderCreated() {
    }

    public OrderCreated(String orderId, String customer, BigDecimal amount) {
        this.orderId = orderId;
        this.customer = customer;
        this.amount = amount;
    }
}
