package io.natscap.cap;

import jakarta.ejb.ApplicationException;

/**
 * An event could not be published as asked. The caller's transaction is marked for rollback, so
 * that the business change and its event are never half done.
 */
@ApplicationException(rollback = true)
public class CapPublishException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CapPublishException(String message) {
        super(message);
    }

    public CapPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
