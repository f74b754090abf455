package io.natscap.cap.inbox;

import jakarta.ejb.ApplicationException;

/**
 * A subscriber's business method failed: the transaction rolls back (with the business work) and
 * the message is delivered again later, until its attempts are spent.
 */
@ApplicationException(rollback = true)
public class SubscriberFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SubscriberFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
