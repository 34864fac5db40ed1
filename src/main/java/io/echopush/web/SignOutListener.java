package io.echopush.web;

import io.echopush.lifecycle.Application;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * A socket must not outlive the sign-in it was opened with: when an HTTP session ends, its sockets close with 1008.
 * A session whose id changes (against session fixation) keeps them.
 */
public class SignOutListener implements HttpSessionListener, HttpSessionIdListener {

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        Application app = Application.runningOrNull();
        if (app != null) {
            app.sessions().httpSessionEnded(event.getSession().getId());
        }
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        Application app = Application.runningOrNull();
        if (app != null) {
            app.sessions().httpSessionRenamed(oldSessionId, event.getSession().getId());
        }
    }
}
