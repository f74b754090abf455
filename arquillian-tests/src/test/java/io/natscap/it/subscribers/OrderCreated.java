package io.natscap.it.subscribers;

/** The event of the subscriber tests, as JSON-B binds it. */
public class OrderCreated {
    public String orderId;
    public String customer;
    public double amount;
}
