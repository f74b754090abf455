package io.natscap.bench.runner;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the benchmark application's endpoints; a run's answer is a JSON object of counts and times. */
final class BenchClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final PayaraMicro server;

    BenchClient(PayaraMicro server) {
        this.server = server;
        this.base = server.baseUrl() + "/bench/";
    }

    JsonObject get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), path);
    }

    JsonObject post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()), path);
    }

    private JsonObject send(HttpRequest.Builder request, String path) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofMinutes(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("The benchmark application did not answer " + path + " (" + e.getMessage() + "); Payara Micro "
                    + server.state() + ", see " + server.log(), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("The benchmark application answered " + response.statusCode() + " to " + path + ": "
                    + response.body());
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
