package io.natscap.sample.orders;

import io.natscap.cap.CapPublisher;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Places orders: the order row and its orders.created event in one transaction. */
@Stateless
public class OrderService {

    @PersistenceContext
    private EntityManager db;

    @Inject
    private CapPublisher events;

    public CustomerOrder place(String customer, BigDecimal amount) {
        CustomerOrder order = new CustomerOrder(UUID.randomUUID().toString(), customer, amount);
        db.persist(order);
        events.publish(OrderCreated.NAME, new OrderCreated(order.getId(), customer, amount));
        return order;
    }

    public Optional<CustomerOrder> find(String id) {
        return Optional.ofNullable(db.find(CustomerOrder.class, id));
    }

    public List<CustomerOrder> all() {
        return db.createQuery("SELECT o FROM CustomerOrder o ORDER BY o.id", CustomerOrder.class).getResultList();
    }
}
