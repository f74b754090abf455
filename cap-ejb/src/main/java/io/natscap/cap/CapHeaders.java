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

    /** Headers an application may not set: they are CAP's own. */
    public static boolean isReserved(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).startsWith("cap-");
    }

    private CapHeaders() {
    }
}
