package io.natscap.it;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for talking to the deployed application. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    public static HttpResponse<String> post(URL base, String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(resolve(base, pathAndQuery)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public static HttpResponse<String> get(URL base, String pathAndQuery) {
        return send(HttpRequest.newBuilder(resolve(base, pathAndQuery)).GET());
    }

    private static URI resolve(URL base, String pathAndQuery) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(root + pathAndQuery);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
