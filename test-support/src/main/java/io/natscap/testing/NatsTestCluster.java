package io.natscap.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Three nats-servers of the test's own clustered on loopback: JetStream on each, routes to the
 * other two, server names and a cluster name (JetStream's replicas need them). Each node can be
 * stopped, killed and started again like a {@link NatsTestServer}.
 */
public final class NatsTestCluster implements AutoCloseable {

    public static final String CLUSTER_NAME = "natscap-test";

    private final List<NatsTestServer> nodes;

    private NatsTestCluster(List<NatsTestServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts {@code size} nodes on free ports. */
    public static NatsTestCluster start(int size) {
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> routePorts = new ArrayList<>();
        while (clientPorts.size() < size) {
            int client = NatsTestServer.freePort();
            int route = NatsTestServer.freePort();
            if (client != route && !clientPorts.contains(client) && !routePorts.contains(route)
                    && !routePorts.contains(client) && !clientPorts.contains(route)) {
                clientPorts.add(client);
                routePorts.add(route);
            }
        }
        List<NatsTestServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                int self = i;
                String routes = routePorts.stream().filter(port -> port != routePorts.get(self).intValue())
                        .map(port -> "nats-route://127.0.0.1:" + port).collect(Collectors.joining(", "));
                nodes.add(NatsTestServer.startOnPort(clientPorts.get(i),
                        "server_name: n" + (i + 1),
                        "cluster {",
                        "  name: " + CLUSTER_NAME,
                        "  listen: 127.0.0.1:" + routePorts.get(i),
                        "  routes: [ " + routes + " ]",
                        "}"));
            }
        } catch (RuntimeException e) {
            nodes.forEach(NatsTestServer::close);
            throw e;
        }
        return new NatsTestCluster(nodes);
    }

    /** Node {@code index}, from 0. */
    public NatsTestServer node(int index) {
        return nodes.get(index);
    }

    public int size() {
        return nodes.size();
    }

    /**
     * One step of a load of {@code steps} during which one node, then another, dies and comes back:
     * node 1 is killed (-9) a third of the way through and started again at half way, node 2
     * killed at two thirds and started again at five sixths. Call it before each step.
     */
    public void killOneNodeAfterAnother(int step, int steps) {
        if (step == steps / 3) {
            node(0).kill();
        } else if (step == steps / 2) {
            node(0).startAgain();
        } else if (step == 2 * steps / 3) {
            node(1).kill();
        } else if (step == 5 * steps / 6) {
            node(1).startAgain();
        }
    }

    /** Every node's URL, comma-separated: what a client (or nats-ra's {@code servers}) is given. */
    public String urls() {
        return nodes.stream().map(NatsTestServer::url).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        nodes.forEach(NatsTestServer::close);
    }
}
