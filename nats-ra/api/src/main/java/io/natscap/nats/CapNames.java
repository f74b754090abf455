package io.natscap.nats;

import java.util.Optional;
import java.util.function.Function;

/**
 * How CAP forms the names that two services must agree on, from CAP's options: a subscriber's
 * group is {@code [groupNamePrefix.]group.version} and every subject {@code [topicNamePrefix.]name}
 * (CAP 10, {@code ConsumerServiceSelector} and {@code CapPublisher}). nats-ra applies it to a bean's
 * {@code group} and {@code subject} at activation, cap-ejb to what it publishes and stores, both
 * from the application's MicroProfile Config under these keys.
 *
 * @param groupNamePrefix prefix of every group; empty: none
 * @param version         appended to every group, and stored in the tables' Version column
 * @param topicNamePrefix prefix of every subject, published and subscribed; empty: none
 */
public record CapNames(String groupNamePrefix, String version, String topicNamePrefix) {

    public static final String GROUP_NAME_PREFIX = "cap.groupNamePrefix";
    public static final String VERSION = "cap.version";
    public static final String TOPIC_NAME_PREFIX = "cap.topicNamePrefix";
    /** CAP's default version. */
    public static final String DEFAULT_VERSION = "v1";

    public CapNames {
        check(GROUP_NAME_PREFIX, groupNamePrefix, "[^\\s*>]*");
        check(VERSION, version, "[^\\s*>.]+");
        check(TOPIC_NAME_PREFIX, topicNamePrefix, "[^\\s*>]*");
    }

    /** CAP's defaults: no prefixes, version v1. */
    public static CapNames defaults() {
        return new CapNames("", DEFAULT_VERSION, "");
    }

    /** The names configured under the keys above, CAP's defaults for those not set. */
    public static CapNames from(Function<String, Optional<String>> config) {
        return new CapNames(config.apply(GROUP_NAME_PREFIX).orElse(""), config.apply(VERSION).orElse(DEFAULT_VERSION),
                config.apply(TOPIC_NAME_PREFIX).orElse(""));
    }

    /** A subscriber's group as CAP forms it: {@code billing} is {@code billing.v1}, with prefix p {@code p.billing.v1}. */
    public String group(String group) {
        return (groupNamePrefix.isEmpty() ? "" : groupNamePrefix + ".") + group + "." + version;
    }

    /** A subject as CAP forms it: {@code orders.created}, with prefix p {@code p.orders.created}. */
    public String subject(String name) {
        return topicNamePrefix.isEmpty() ? name : topicNamePrefix + "." + name;
    }

    private static void check(String key, String value, String pattern) {
        if (value == null || !value.matches(pattern)) {
            throw new IllegalArgumentException(key + " '" + value + "' must contain no spaces, '*' or '>'"
                    + (key.equals(VERSION) ? ", no '.', and not be empty" : ""));
        }
    }
}
