package io.natscap.sample.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The sample's HTTP API under /api (design.md, "Sample application contract"). */
@ApplicationPath("/api")
public class SampleApi extends Application {
}
