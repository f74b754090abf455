package io.natscap.cap.processors;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The loops the runtime scheduled, for the monitor's liveness view. */
public final class ProcessorLoops {

    private final List<ProcessorLoop> loops = new CopyOnWriteArrayList<>();

    public void add(ProcessorLoop loop) {
        loops.add(loop);
    }

    public List<ProcessorLoop> all() {
        return List.copyOf(loops);
    }
}
