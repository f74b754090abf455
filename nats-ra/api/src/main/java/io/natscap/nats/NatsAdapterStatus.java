package io.natscap.nats;

import java.util.List;

/**
 * What an operator reads of nats-ra at one moment (natscap's console shows it): the pooled
 * connections, every active message-driven bean with its JetStream consumer's state as the server
 * reports it, and the streams. Read with {@link NatsConnectionFactory#status()}; each call asks
 * the server again. Names no secrets: servers appear as the connection's display form, without
 * user or password.
 *
 * @param connections the pooled connections of this connection factory
 * @param endpoints   the message-driven beans that nats-ra feeds now (of every application)
 * @param streams     the JetStream streams of the account, read through a pooled connection
 * @param problem     why something could not be read (no connection could be borrowed, JetStream not
 *                    enabled); null when everything was read
 */
public record NatsAdapterStatus(List<PooledConnection> connections, List<Endpoint> endpoints, List<Stream> streams,
                                String problem) {

    public NatsAdapterStatus {
        connections = List.copyOf(connections);
        endpoints = List.copyOf(endpoints);
        streams = List.copyOf(streams);
    }

    /**
     * One connection the pool holds.
     *
     * @param name         the connection name the server's monitoring (connz) shows
     * @param state        its state now
     * @param server       the server it is connected to, or null
     * @param borrowed     whether an application holds it now
     * @param knownServers the servers jnats knows of (those configured and those the cluster announced)
     */
    public record PooledConnection(String name, NatsConnectionState state, String server, boolean borrowed,
                                   List<String> knownServers) {

        public PooledConnection {
            knownServers = List.copyOf(knownServers);
        }
    }

    /**
     * One active message-driven bean.
     *
     * @param bean        the bean's name
     * @param subject     the subject it consumes
     * @param stream      its stream; null for a core NATS subscription
     * @param durable     its durable consumer; null for a core NATS subscription
     * @param group       its CAP group or queue group, or null
     * @param concurrency how many messages it may process at once
     * @param state       its own connection's state
     * @param consumer    the consumer's state on the server; null for a core subscription, or when it
     *                    could not be read (then {@code problem} says why)
     * @param problem     why the bean does not consume now, or why its consumer could not be read; null otherwise
     */
    public record Endpoint(String bean, String subject, String stream, String durable, String group, int concurrency,
                           NatsConnectionState state, Consumer consumer, String problem) {
    }

    /**
     * A durable JetStream consumer as the server reports it.
     *
     * @param pending     messages of its subjects in the stream not yet delivered to it
     * @param ackPending  messages delivered and not yet acknowledged
     * @param redelivered messages delivered more than once and not yet acknowledged
     * @param delivered   the consumer's last delivered consumer sequence
     */
    public record Consumer(long pending, long ackPending, long redelivered, long delivered) {
    }

    /**
     * A JetStream stream.
     *
     * @param name      its name
     * @param subjects  the subjects it stores
     * @param messages  messages stored now
     * @param bytes     bytes stored now
     * @param consumers its consumers
     * @param replicas  its replication factor
     */
    public record Stream(String name, List<String> subjects, long messages, long bytes, long consumers, int replicas) {

        public Stream {
            subjects = List.copyOf(subjects);
        }
    }
}
