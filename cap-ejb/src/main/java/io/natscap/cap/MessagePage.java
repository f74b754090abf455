package io.natscap.cap;

import java.util.List;

/**
 * One page of a listing, newest first.
 *
 * @param messages   the rows of this page
 * @param nextBefore the value of {@link MessageQuery#before} for the next page; null on the last page
 */
public record MessagePage(List<MonitoredMessage> messages, Long nextBefore) {

    public MessagePage {
        messages = List.copyOf(messages);
    }
}
