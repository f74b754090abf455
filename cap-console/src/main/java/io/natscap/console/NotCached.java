package io.natscap.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Tells browsers and proxies to keep nothing of the console (web-fragment.xml maps it to /natscap/*).
 * Its pages are behind a login: a copy the browser kept would be shown without one, after a
 * logout or with the session expired, and would then ask the API in a loop. Its data is what
 * operators look at now, and may be personal.
 */
public class NotCached extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Cache-Control", "no-store");
        chain.doFilter(request, response);
    }
}
