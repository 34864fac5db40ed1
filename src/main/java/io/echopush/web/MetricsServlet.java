package io.echopush.web;

import io.echopush.echo.EchoEndpoint;
import io.echopush.lifecycle.Application;
import io.echopush.session.SessionRegistry;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** {@code GET /metrics}: operator figures in the Prometheus text exposition format (version 0.0.4). */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    private static final String[] ENDPOINTS = {EchoEndpoint.NAME};

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SessionRegistry sessions = Application.current().sessions();
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.println("# HELP echopush_sessions_open WebSocket sessions open now, by endpoint.");
        out.println("# TYPE echopush_sessions_open gauge");
        for (String endpoint : ENDPOINTS) {
            out.println("echopush_sessions_open{endpoint=\"" + endpoint + "\"} " + sessions.count(endpoint));
        }
    }
}
