package io.echopush.web;

import io.echopush.lifecycle.Application;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * When an HTTP session ends (the user signs out, or it times out), the authenticated WebSockets opened within
 * it close with 1008: a socket must not outlive the sign-in it was opened with. (Spring Session does the same.)
 * A session whose id changes (containers do when a user authenticates in it, against session fixation) keeps
 * its sockets.
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
