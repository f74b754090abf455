package io.natscap.sample.billing;

import io.natscap.cap.CapContext;
import io.natscap.cap.CapSubscriber;
import io.natscap.nats.NatsMessageListener;
import io.natscap.sample.orders.CustomerOrder;
import io.natscap.sample.orders.OrderCreated;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Group billing: writes the invoice of every orders.created event, also of orders placed by other
 * services, and marks a local order BILLED. The inbox runs it once per event.
 */
@MessageDriven(messageListenerInterface = NatsMessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = OrderCreated.NAME),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "orders"),
        @ActivationConfigProperty(propertyName = "group", propertyValue = "billing"),
        // the adapter's deployed name: on a full server an application sees the classes of the
        // adapters it names (Payara Micro shares every adapter's classes with everyone)
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "nats-ra")
})
public class Billing extends CapSubscriber<OrderCreated> {

    @PersistenceContext
    private EntityManager db;

    @Override
    protected Object handle(OrderCreated event, CapContext context) {
        if (db.find(Invoice.class, event.orderId) == null) {
            db.persist(new Invoice(event.orderId, event.customer, event.amount));
        }
        CustomerOrder order = db.find(CustomerOrder.class, event.orderId);
        if (order != null) {
            order.billed();
        }
        return null;
    }
}
