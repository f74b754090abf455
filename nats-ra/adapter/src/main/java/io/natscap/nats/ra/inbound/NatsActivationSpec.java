package io.natscap.nats.ra.inbound;

import io.nats.client.Message;
import io.natscap.nats.CapNames;
import io.natscap.nats.DeadLetters;
import io.natscap.nats.NatsMessageListener;
import io.natscap.nats.StreamDefinition;
import io.natscap.nats.ra.ConnectionProperties;
import io.natscap.nats.ra.ConnectionSettings;
import io.natscap.nats.ra.Consumers;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a message-driven bean says in its activation config: what to consume and how. Without
 * {@code stream} it is a core NATS subscription (at most once); with it, a durable JetStream
 * pull consumer (at least once, acknowledged after the bean's transaction commits).
 * Connection properties ({@link ConnectionProperties}) left empty come from the resource adapter's
 * configuration.
 */
@Activation(messageListeners = NatsMessageListener.class)
public class NatsActivationSpec extends ConnectionProperties implements ActivationSpec, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    /** Without a back-off list: the first retry's delay, doubling after each failed delivery up to the longest. */
    static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(30);

    public static final int DEFAULT_CONCURRENCY = 1;
    public static final long DEFAULT_ACK_WAIT_MILLIS = 30_000;
    public static final int DEFAULT_MAX_DELIVER = 10;
    public static final int DEFAULT_MAX_ACK_PENDING = 1_000;

    /** orderBy's values: the subject's last token, or a header's value. */
    static final String ORDER_BY_SUBJECT = "subject";
    static final String ORDER_BY_HEADER = "header:";

    /** JetStream's deliver policies that make sense for an MDB's first start. */
    public enum DeliverPolicy { NEW, ALL }

    private String subject;
    private String queueGroup;
    private String group;
    private String stream;
    private String durable;
    private String deliverPolicy;
    private Long ackWaitMillis;
    private Integer maxDeliver;
    private Integer maxAckPending;
    private Boolean createStream = Boolean.TRUE;
    private Integer streamReplicas;
    private Integer consumerReplicas;
    private String backOff;
    /** backOff's entries as written, and as parsed (null where an entry is no duration): parsed once, not per delivery. */
    private List<String> backOffEntries = List.of();
    private List<Duration> backOffValues = List.of();
    private Boolean inProgress = Boolean.TRUE;
    private Boolean deadLetter = Boolean.FALSE;
    private String deadLetterSubject;
    private Integer concurrency = DEFAULT_CONCURRENCY;
    private Integer pullBatchSize;
    private String orderBy;
    private String retryDelay;
    private String maxRetryDelay;
    /** retryDelay and maxRetryDelay as parsed (null: not a duration), parsed once when set. */
    private Duration retryDelayValue = DEFAULT_RETRY_DELAY;
    private Duration maxRetryDelayValue = DEFAULT_MAX_RETRY_DELAY;

    private transient ResourceAdapter resourceAdapter;
    /** How CAP forms the group and subject: the application's options, set at activation. */
    private transient CapNames capNames = CapNames.defaults();

    /** Checks the properties; the message names the property. */
    @Override
    public void validate() throws InvalidPropertyException {
        check(null);
    }

    /** As {@link #validate()}, naming the bean as well. */
    void check(String bean) throws InvalidPropertyException {
        String where = bean == null ? "" : " of message-driven bean " + bean;
        if (!ConnectionSettings.isSet(subject) || subject.isBlank()) {
            throw invalid("subject", where, "is required: the subject to consume, e.g. orders.created or orders.>");
        }
        if (subject.chars().anyMatch(Character::isWhitespace)) {
            throw invalid("subject", where, "'" + subject + "' contains white space");
        }
        if (isSet(group) && (isSet(queueGroup) || isSet(durable))) {
            throw invalid("group", where, "names the consumer group; set it, or " + (isSet(durable) ? "durable" : "queueGroup")
                    + ", not both");
        }
        if (isSet(group) && group.chars().anyMatch(Character::isWhitespace)) {
            throw invalid("group", where, "'" + group + "' contains white space");
        }
        if (isJetStream()) {
            if (ConnectionSettings.isSet(queueGroup)) {
                throw invalid("queueGroup", where, "is for core subscriptions; with stream '" + stream
                        + "', beans that share a durable compete for its messages");
            }
            if (stream.chars().anyMatch(c -> c == '.' || c == '*' || c == '>' || Character.isWhitespace(c))) {
                throw invalid("stream", where, "'" + stream + "' must contain no '.', '*', '>' or spaces");
            }
            if (ConnectionSettings.isSet(durable) && !durable.matches("[A-Za-z0-9_-]+")) {
                throw invalid("durable", where, "'" + durable + "' may contain only letters, digits, '-' and '_'");
            }
            if (deliverPolicy != null && parsePolicy(deliverPolicy) == null) {
                throw invalid("deliverPolicy", where, "'" + deliverPolicy + "' is not one of: new, all");
            }
            if (ackWaitMillis != null && ackWaitMillis <= 0) {
                throw invalid("ackWaitMillis", where, "must be positive, was " + ackWaitMillis);
            }
            if (maxDeliver != null && maxDeliver < 1) {
                throw invalid("maxDeliver", where, "must be 1 or more, was " + maxDeliver);
            }
            if (maxAckPending != null && maxAckPending < 1) {
                throw invalid("maxAckPending", where, "must be 1 or more, was " + maxAckPending);
            }
            if (streamReplicas != null && (streamReplicas < 1 || streamReplicas > StreamDefinition.MAX_REPLICAS)) {
                throw invalid("streamReplicas", where, "must be 1 to " + StreamDefinition.MAX_REPLICAS + ", was " + streamReplicas);
            }
            if (consumerReplicas != null && (consumerReplicas < 0 || consumerReplicas > StreamDefinition.MAX_REPLICAS)) {
                throw invalid("consumerReplicas", where, "must be 0 (the stream's) to " + StreamDefinition.MAX_REPLICAS
                        + ", was " + consumerReplicas);
            }
            checkBackOff(where);
            checkRetryDelays(where);
            checkDeadLetters(where);
            if (orderBy != null && !orderBy.equals(ORDER_BY_SUBJECT)
                    && !(orderBy.startsWith(ORDER_BY_HEADER) && !orderBy.substring(ORDER_BY_HEADER.length()).isBlank())) {
                throw invalid("orderBy", where, "'" + orderBy + "' is not 'subject' (the subject's last token) or 'header:<name>'");
            }
        } else {
            for (String[] jetStreamOnly : new String[][] {
                    {"durable", durable}, {"deliverPolicy", deliverPolicy}, {"ackWaitMillis", str(ackWaitMillis)},
                    {"maxDeliver", str(maxDeliver)}, {"maxAckPending", str(maxAckPending)},
                    {"streamReplicas", str(streamReplicas)}, {"consumerReplicas", str(consumerReplicas)}, {"backOff", backOff},
                    {"inProgress", Boolean.FALSE.equals(inProgress) ? "false" : null},
                    {"deadLetter", Boolean.TRUE.equals(deadLetter) ? "true" : null}, {"deadLetterSubject", deadLetterSubject},
                    {"orderBy", orderBy}, {"retryDelay", retryDelay}, {"maxRetryDelay", maxRetryDelay},
                    {"pullBatchSize", str(pullBatchSize)}}) {
                if (jetStreamOnly[1] != null) {
                    throw invalid(jetStreamOnly[0], where, "is set but stream is not: it applies to JetStream consumers only");
                }
            }
        }
        if (concurrency == null || concurrency < 1) {
            throw invalid("concurrency", where, "must be 1 or more, was " + concurrency);
        }
        if (pullBatchSize != null && (pullBatchSize < 1 || pullBatchSize > maxAckPendingOrDefault())) {
            throw invalid("pullBatchSize", where, "must be 1 to maxAckPending (" + maxAckPendingOrDefault() + "), was "
                    + pullBatchSize);
        }
        if (isSet(getPassword()) && !isSet(getUser())) {
            throw invalid("password", where, "is set but user is not");
        }
    }

    private void checkBackOff(String where) throws InvalidPropertyException {
        if (backOff == null) {
            return;
        }
        for (int i = 0; i < backOffEntries.size(); i++) {
            Duration value = backOffValues.get(i);
            if (value == null) {
                throw invalid("backOff", where, "'" + backOffEntries.get(i) + "' is not a duration such as 500ms, 5s, 2m or 1h");
            }
            if (value.isZero()) {
                throw invalid("backOff", where, "'" + backOffEntries.get(i) + "' must be positive");
            }
        }
        List<Duration> values = backOffValues;
        if (ackWaitMillis != null) {
            throw invalid("backOff", where, "sets the ack wait of each delivery (its first value is the first ack wait); "
                    + "set backOff or ackWaitMillis, not both");
        }
        if (maxDeliverOrDefault() <= values.size()) {
            throw invalid("backOff", where, "has " + values.size() + " values, so maxDeliver must be " + (values.size() + 1)
                    + " or more (NATS requires more deliveries than back-off values), was " + maxDeliverOrDefault());
        }
    }

    private void checkRetryDelays(String where) throws InvalidPropertyException {
        for (String[] property : new String[][] {{"retryDelay", retryDelay}, {"maxRetryDelay", maxRetryDelay}}) {
            if (property[1] == null) {
                continue;
            }
            Duration value = parseDuration(property[1]);
            if (value == null || value.isZero()) {
                throw invalid(property[0], where, "'" + property[1] + "' is not a positive duration such as 500ms, 5s, 2m or 1h");
            }
            if (backOff != null) {
                throw invalid(property[0], where, "shapes the exponential retry delays; backOff lists them instead: set one or the other");
            }
        }
        if (retryDelayValue.compareTo(maxRetryDelayValue) > 0) {
            throw invalid("maxRetryDelay", where, maxRetryDelayValue.toMillis() + " ms is shorter than retryDelay ("
                    + retryDelayValue.toMillis() + " ms)");
        }
    }

    private void checkDeadLetters(String where) throws InvalidPropertyException {
        if (isSet(deadLetterSubject) && deadLetterSubject.chars().anyMatch(c -> c == '*' || c == '>' || Character.isWhitespace(c))) {
            throw invalid("deadLetterSubject", where, "'" + deadLetterSubject + "' must be a subject to publish to: no '*', '>' or spaces");
        }
        if (!deadLettersOn()) {
            return;
        }
        if (!isSet(deadLetterSubject) && subject.endsWith(">")) {
            throw invalid("deadLetter", where, "cannot put the default '" + DeadLetters.DEFAULT_SUFFIX + "' after '" + subject
                    + "': set deadLetterSubject");
        }
        if (StreamDefinition.covers(subscribedSubject(), deadLetterPattern())) {
            throw invalid(isSet(deadLetterSubject) ? "deadLetterSubject" : "deadLetter", where, "'" + deadLetterPattern()
                    + "' is within the subject '" + subscribedSubject() + "': this bean would consume its own dead letters");
        }
    }

    /** "500ms", "5s", "2m", "1h"; null when the text is none of these. */
    private static Duration parseDuration(String text) {
        Matcher parts = DURATION.matcher(text);
        if (!parts.matches()) {
            return null;
        }
        long amount = Long.parseLong(parts.group(1));
        return switch (parts.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    private static boolean isSet(String value) {
        return ConnectionSettings.isSet(value);
    }

    private static InvalidPropertyException invalid(String property, String where, String problem) {
        return new InvalidPropertyException("nats-ra activation property " + property + where + " " + problem);
    }

    private static DeliverPolicy parsePolicy(String value) {
        try {
            return DeliverPolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    boolean isJetStream() {
        return isSet(stream);
    }

    DeliverPolicy deliverPolicyOrDefault() {
        return deliverPolicy == null ? DeliverPolicy.NEW : parsePolicy(deliverPolicy);
    }

    /** The first delivery's ack wait: ackWaitMillis, else the back-off list's first value (as NATS takes it), else 30 s. */
    Duration ackWait() {
        List<Duration> list = backOffList();
        if (ackWaitMillis == null && !list.isEmpty()) {
            return list.get(0);
        }
        return Duration.ofMillis(ackWaitMillis == null ? DEFAULT_ACK_WAIT_MILLIS : ackWaitMillis);
    }

    /** The back-off list, empty when none is set; call after {@link #check}. */
    List<Duration> backOffList() {
        return backOffValues;
    }

    /**
     * How long a message waits before its next delivery after the given failed delivery (1 for
     * the first): the back-off list's value for it, the last one repeating; without a list
     * retryDelay (1 s), doubling, at most maxRetryDelay (30 s).
     */
    Duration retryDelay(long delivery) {
        List<Duration> list = backOffList();
        if (!list.isEmpty()) {
            return list.get((int) Math.min(Math.max(delivery - 1, 0), list.size() - 1));
        }
        Duration delay = retryDelayValue;
        for (long n = 1; n < delivery && delay.compareTo(maxRetryDelayValue) < 0; n++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelayValue) > 0 ? maxRetryDelayValue : delay;
    }

    /** Whether messages of one key are delivered in order, one at a time (orderBy). */
    boolean ordered() {
        return orderBy != null;
    }

    /**
     * A message's ordering key: its subject's last token, or the orderBy header's value (messages
     * without the header share the key "", and so keep their order among themselves).
     */
    String orderKeyOf(Message message) {
        if (ORDER_BY_SUBJECT.equals(orderBy)) {
            String subjectOf = message.getSubject();
            return subjectOf.substring(subjectOf.lastIndexOf('.') + 1);
        }
        String value = message.getHeaders() == null ? null : message.getHeaders().getFirst(orderBy.substring(ORDER_BY_HEADER.length()));
        return value == null ? "" : value;
    }

    /** The shortest ack wait of any delivery: what the in-progress signals must beat. */
    Duration shortestAckWait() {
        return backOffList().stream().min(Duration::compareTo).orElse(ackWait());
    }

    boolean inProgressOrDefault() {
        return !Boolean.FALSE.equals(inProgress);
    }

    /** Whether messages that fail their last delivery are moved to a dead-letter subject. */
    boolean deadLettersOn() {
        return Boolean.TRUE.equals(deadLetter) || isSet(deadLetterSubject);
    }

    /** The subjects dead letters go to, as the stream must capture them: deadLetterSubject, else subject + ".dlq". */
    String deadLetterPattern() {
        return isSet(deadLetterSubject) ? deadLetterSubject : subscribedSubject() + DeadLetters.DEFAULT_SUFFIX;
    }

    /** Where the dead letter of a message published to {@code messageSubject} goes. */
    String deadLetterSubjectFor(String messageSubject) {
        return isSet(deadLetterSubject) ? deadLetterSubject : messageSubject + DeadLetters.DEFAULT_SUFFIX;
    }

    /** The durable's replicas: the bean's, else 0 (the stream's). */
    int consumerReplicasOrDefault() {
        return consumerReplicas == null ? 0 : consumerReplicas;
    }

    int maxDeliverOrDefault() {
        return maxDeliver == null ? DEFAULT_MAX_DELIVER : maxDeliver;
    }

    /**
     * Messages one pull asks for: unset, max(10, 4 × concurrency). Small on purpose: a fetched
     * message waits in memory behind the ones before it, and its ack wait runs while it does.
     */
    int pullBatchSizeOrDefault() {
        return pullBatchSize != null ? pullBatchSize : Math.max(10, concurrency * 4);
    }

    int maxAckPendingOrDefault() {
        return maxAckPending == null ? DEFAULT_MAX_ACK_PENDING : maxAckPending;
    }

    /**
     * The durable's name: the one configured; else, with a group, CAP's convention (CAP's group and
     * subject, '.', '*', '>' and spaces replaced by '_', joined by '-'); else the bean's class
     * name made valid the same way (the same bean on several servers then shares one durable, and
     * its instances compete).
     */
    String durableFor(String beanClass) {
        if (isSet(durable)) {
            return durable;
        }
        if (isSet(group)) {
            return normalized(capGroup()) + "-" + normalized(subscribedSubject());
        }
        return normalized(beanClass);
    }

    /**
     * How this bean connects: its own connection properties where it sets them, the adapter's
     * otherwise; the connection is named after the bean.
     */
    ConnectionSettings settings(String bean, ConnectionSettings adapter) {
        return resolve(adapter.connectionName() + " " + bean, adapter);
    }

    /** The durable this bean consumes through, as {@link Consumers} creates or updates it. */
    Consumers.Durable durable(String name) {
        return new Consumers.Durable(stream, name, subscribedSubject(), deliverPolicyOrDefault() == DeliverPolicy.ALL, ackWait(),
                backOffList(), maxDeliverOrDefault(), maxAckPendingOrDefault(), consumerReplicasOrDefault(), 0);
    }

    /** The queue group of a core subscription: queueGroup, else CAP's group. */
    String queueGroupOrGroup() {
        return isSet(queueGroup) ? queueGroup : capGroup();
    }

    /** Applies the application's CAP options to group and subject (at activation, before {@link #check}). */
    void useCapNames(CapNames names) {
        this.capNames = names;
    }

    /** The subject consumed: the bean's, after CAP's topic prefix ({@code prefix.orders.created}). */
    String subscribedSubject() {
        return capNames.subject(subject);
    }

    /** The bean's group as CAP forms it ({@code billing} is {@code billing.v1}), or null without one. */
    String capGroup() {
        return isSet(group) ? capNames.group(group) : null;
    }

    private static String normalized(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) throws ResourceException {
        this.resourceAdapter = resourceAdapter;
    }

    @Override
    public String toString() {
        return "NatsActivationSpec[subject=" + subscribedSubject()
                + (isJetStream() ? ", stream=" + stream + ", durable=" + durable : ", queueGroup=" + queueGroup)
                + (isSet(group) ? ", group=" + capGroup() : "")
                + ", concurrency=" + concurrency + (isSet(getServers()) ? ", servers=" + displayServers() : "")
                + (isSet(getUser()) ? ", user=" + getUser() : "") + (isSet(getPassword()) ? ", password=(set)" : "")
                + (isSet(getToken()) ? ", token=(set)" : "") + "]";
    }

    // --- JavaBean properties (activation config) -------------------------------------------

    public String getSubject() {
        return subject;
    }

    @ConfigProperty(description = "The subject to consume, e.g. orders.created or orders.> (required); "
            + "cap.topicNamePrefix is put before it")
    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getQueueGroup() {
        return queueGroup;
    }

    @ConfigProperty(description = "Core subscriptions: the queue group whose members share the messages")
    public void setQueueGroup(String queueGroup) {
        this.queueGroup = queueGroup;
    }

    public String getGroup() {
        return group;
    }

    @ConfigProperty(description = "The consumer group as a CAP developer names it (billing); with cap.groupNamePrefix and "
            + "cap.version it names the durable (billing_v1-orders_created) or the core queue group")
    public void setGroup(String group) {
        this.group = group;
    }

    public String getStream() {
        return stream;
    }

    @ConfigProperty(description = "JetStream stream to consume from; without it the subscription is core NATS (at most once)")
    public void setStream(String stream) {
        this.stream = stream;
    }

    public String getDurable() {
        return durable;
    }

    @ConfigProperty(description = "JetStream durable consumer name (default: from the group, else from the bean class)")
    public void setDurable(String durable) {
        this.durable = durable;
    }

    public String getDeliverPolicy() {
        return deliverPolicy;
    }

    @ConfigProperty(description = "Where a new durable starts: new (default) or all")
    public void setDeliverPolicy(String deliverPolicy) {
        this.deliverPolicy = deliverPolicy;
    }

    public Long getAckWaitMillis() {
        return ackWaitMillis;
    }

    @ConfigProperty(description = "How long the server waits for an ack before redelivering, in ms (default 30000)")
    public void setAckWaitMillis(Long ackWaitMillis) {
        this.ackWaitMillis = ackWaitMillis;
    }

    public Integer getMaxDeliver() {
        return maxDeliver;
    }

    @ConfigProperty(description = "Deliveries of a message before it is given up (default 10)")
    public void setMaxDeliver(Integer maxDeliver) {
        this.maxDeliver = maxDeliver;
    }

    public Integer getMaxAckPending() {
        return maxAckPending;
    }

    @ConfigProperty(description = "Messages delivered but not yet acknowledged, at most (default 1000)")
    public void setMaxAckPending(Integer maxAckPending) {
        this.maxAckPending = maxAckPending;
    }

    public Boolean getCreateStream() {
        return createStream;
    }

    @ConfigProperty(description = "Create the stream, or add the subject to it, when missing (default true)")
    public void setCreateStream(Boolean createStream) {
        this.createStream = createStream;
    }

    public Integer getStreamReplicas() {
        return streamReplicas;
    }

    @ConfigProperty(description = "Replicas of the stream when this bean creates it (default: the adapter's streamReplicas, 1)")
    public void setStreamReplicas(Integer streamReplicas) {
        this.streamReplicas = streamReplicas;
    }

    /** The replicas of a stream this bean creates: its own, else the adapter's, else 1. */
    int streamReplicasOrDefault() {
        if (streamReplicas != null) {
            return streamReplicas;
        }
        return resourceAdapter instanceof NatsResourceAdapter adapter ? adapter.getStreamReplicas() : 1;
    }

    public Integer getConsumerReplicas() {
        return consumerReplicas;
    }

    @ConfigProperty(description = "Replicas of the bean's durable consumer, 0 for the stream's (default 0)")
    public void setConsumerReplicas(Integer consumerReplicas) {
        this.consumerReplicas = consumerReplicas;
    }

    public String getBackOff() {
        return backOff;
    }

    @ConfigProperty(description = "Redelivery schedule, e.g. 1s,10s,1m: the wait after each failed or unacknowledged delivery "
            + "(the last repeats); also each delivery's ack wait. Default: none, ackWaitMillis and 1 s doubling to 30 s")
    public void setBackOff(String backOff) {
        this.backOff = backOff;
        backOffEntries = backOff == null ? List.of() : Arrays.stream(backOff.split(",", -1)).map(String::trim).toList();
        backOffValues = backOffEntries.stream().map(NatsActivationSpec::parseDuration).toList();
    }

    public Boolean getInProgress() {
        return inProgress;
    }

    @ConfigProperty(description = "While a delivery runs, tell NATS every third of the ack wait that it is in progress, "
            + "so that a bean running longer than the ack wait is not delivered again meanwhile (default true)")
    public void setInProgress(Boolean inProgress) {
        this.inProgress = inProgress;
    }

    public Boolean getDeadLetter() {
        return deadLetter;
    }

    @ConfigProperty(description = "After the last failed delivery (maxDeliver), publish the message with its reason to the "
            + "dead-letter subject and acknowledge it, instead of terminating it (default false)")
    public void setDeadLetter(Boolean deadLetter) {
        this.deadLetter = deadLetter;
    }

    public String getDeadLetterSubject() {
        return deadLetterSubject;
    }

    @ConfigProperty(description = "The dead-letter subject (setting it turns deadLetter on); default: the message's subject + .dlq")
    public void setDeadLetterSubject(String deadLetterSubject) {
        this.deadLetterSubject = deadLetterSubject;
    }

    public String getRetryDelay() {
        return retryDelay;
    }

    @ConfigProperty(description = "Without backOff: the wait before the first redelivery after a failure, doubling after "
            + "each further failure up to maxRetryDelay (default 1s)")
    public void setRetryDelay(String retryDelay) {
        this.retryDelay = trimmedOrNull(retryDelay);
        this.retryDelayValue = durationOr(this.retryDelay, DEFAULT_RETRY_DELAY);
    }

    public String getMaxRetryDelay() {
        return maxRetryDelay;
    }

    @ConfigProperty(description = "Without backOff: the longest wait between redeliveries (default 30s)")
    public void setMaxRetryDelay(String maxRetryDelay) {
        this.maxRetryDelay = trimmedOrNull(maxRetryDelay);
        this.maxRetryDelayValue = durationOr(this.maxRetryDelay, DEFAULT_MAX_RETRY_DELAY);
    }

    private static String trimmedOrNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** The duration in {@code text}, else {@code fallback} (unset, or not a positive duration: check() refuses that). */
    private static Duration durationOr(String text, Duration fallback) {
        Duration parsed = text == null ? null : parseDuration(text);
        return parsed == null || parsed.isZero() ? fallback : parsed;
    }

    public String getOrderBy() {
        return orderBy;
    }

    @ConfigProperty(description = "Ordered group: deliver the messages of one key in stream order, one at a time per key, "
            + "with concurrency across keys; the key is 'subject' (the subject's last token) or 'header:<name>'")
    public void setOrderBy(String orderBy) {
        this.orderBy = trimmedOrNull(orderBy);
    }

    public Integer getPullBatchSize() {
        return pullBatchSize;
    }

    @ConfigProperty(description = "Messages one pull from the durable asks for (default max(10, 4 x concurrency))")
    public void setPullBatchSize(Integer pullBatchSize) {
        this.pullBatchSize = pullBatchSize;
    }

    public Integer getConcurrency() {
        return concurrency;
    }

    @ConfigProperty(description = "Deliveries to the bean at the same time (default 1)")
    public void setConcurrency(Integer concurrency) {
        this.concurrency = concurrency;
    }
}
