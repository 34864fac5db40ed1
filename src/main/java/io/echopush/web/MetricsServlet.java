package io.echopush.web;

import io.echopush.lifecycle.Application;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /metrics}: operator figures in the Prometheus text exposition format (version 0.0.4). */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    private static final PrometheusTextFormatWriter FORMAT = PrometheusTextFormatWriter.create();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(FORMAT.getContentType());
        response.setHeader("Cache-Control", "no-store");
        FORMAT.write(response.getOutputStream(), Application.current().metrics().registry().scrape(),
                EscapingScheme.ALLOW_UTF8);
    }
}
