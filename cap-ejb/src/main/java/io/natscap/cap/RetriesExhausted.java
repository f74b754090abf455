package io.natscap.cap;

/**
 * A CDI event fired when a message has failed {@code cap.failedRetryCount} times and will not be
 * retried any more (CAP's FailedThresholdCallback). Observe it with
 * {@code void onExhausted(@Observes RetriesExhausted event)}.
 *
 * @param messageId the cap-msg-id
 * @param name      the event name (topic)
 * @param retries   how many times it was tried
 * @param lastError the last failure, as CAP records it ({@code Type-->message})
 */
public record RetriesExhausted(long messageId, String name, int retries, String lastError) {
}
