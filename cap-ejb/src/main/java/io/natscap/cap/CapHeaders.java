package io.natscap.cap;

import java.util.Locale;

/** The header names of CAP's wire format: the one place natscap spells them. */
public final class CapHeaders {

    public static final String MESSAGE_ID = "cap-msg-id";
    public static final String MESSAGE_NAME = "cap-msg-name";
    public static final String GROUP = "cap-msg-group";
    public static final String TYPE = "cap-msg-type";
    public static final String CORRELATION_ID = "cap-corr-id";
    public static final String CORRELATION_SEQUENCE = "cap-corr-seq";
    public static final String CALLBACK_NAME = "cap-callback-name";
    public static final String SENT_TIME = "cap-senttime";
    public static final String DELAY_TIME = "cap-delaytime";
    public static final String EXCEPTION = "cap-exception";
    public static final String TRACE_PARENT = "traceparent";
    /** JetStream's de-duplication header: natscap sets it to the cap-msg-id. */
    public static final String NATS_MESSAGE_ID = "Nats-Msg-Id";
    /**
     * natscap's own: a message sent again by an operator's re-execute is for this subscriber group
     * only; the other groups acknowledge it and do nothing.
     */
    public static final String RE_EXECUTE_GROUP = "natscap-reexecute-group";

    /** Headers an application may not set: they are CAP's own, or natscap's. */
    public static boolean isReserved(String name) {
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("cap-") || lower.startsWith("natscap-");
    }

    /** The reserved headers a publisher may set, as CAP lets it: its own id and correlation. */
    public static boolean isCallerSettable(String name) {
        return MESSAGE_ID.equalsIgnoreCase(name) || CORRELATION_ID.equalsIgnoreCase(name)
                || CORRELATION_SEQUENCE.equalsIgnoreCase(name);
    }

    private CapHeaders() {
    }
}
