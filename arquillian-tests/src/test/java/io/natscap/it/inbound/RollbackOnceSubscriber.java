package io.natscap.it.inbound;

import io.natscap.nats.NatsMessage;
import io.natscap.nats.NatsMessageListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.annotation.Resource;
import jakarta.ejb.MessageDrivenContext;

/** Marks its transaction rollback-only on the first delivery, without throwing. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "subject", propertyValue = "js.rollback"),
        @ActivationConfigProperty(propertyName = "stream", propertyValue = "JSROLLBACK"),
        @ActivationConfigProperty(propertyName = "durable", propertyValue = "rollback")
})
public class RollbackOnceSubscriber implements NatsMessageListener {

    @EJB
    private Deliveries deliveries;

    @Resource
    private MessageDrivenContext context;

    @Override
    public void onMessage(NatsMessage message) {
        deliveries.record("rollback-attempt", getClass().getSimpleName(), message);
        if (message.deliveryCount() == 1) {
            context.setRollbackOnly(); // no exception: only the transaction says it failed
            return;
        }
        deliveries.record("rollback", getClass().getSimpleName(), message);
    }
}
