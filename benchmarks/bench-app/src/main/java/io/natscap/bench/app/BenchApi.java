package io.natscap.bench.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The runner drives every case over HTTP; the load itself runs in the server. */
@ApplicationPath("bench")
public class BenchApi extends Application {
}
