package io.natscap.it.outbox;

import io.natscap.cap.CapPublisher;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/** Business methods that change a table and publish an event in the same container transaction. */
@Stateless
public class OrderService {

    @Inject
    private CapPublisher publisher;

    @EJB
    private CapPublisher samePublisherByEjb;

    @Resource(lookup = "java:comp/DefaultDataSource")
    private DataSource db;

    public long placeOrder(String id) throws SQLException {
        insertOrder(id);
        return publisher.publish("itorders.created", Map.of("orderId", id));
    }

    public long placeOrderThenFail(String id) throws SQLException {
        insertOrder(id);
        samePublisherByEjb.publish("itorders.created", Map.of("orderId", id));
        throw new IllegalStateException("the business method failed after publishing " + id);
    }

    public long placeOrderWithReservedHeader(String id) throws SQLException {
        insertOrder(id);
        return publisher.publish("itorders.created", Map.of("orderId", id), Map.of("cap-msg-name", "other.name"));
    }

    /** As CAP lets a caller: the event carries the caller's own cap-msg-id. */
    public long placeOrderWithOwnId(String id, String messageId) throws SQLException {
        insertOrder(id);
        return publisher.publish("itorders.created", Map.of("orderId", id), Map.of("cap-msg-id", messageId));
    }

    private void insertOrder(String id) throws SQLException {
        try (Connection connection = db.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO it_orders (id) VALUES (?)")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
    }
}
