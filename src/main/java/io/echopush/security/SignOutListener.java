package io.echopush.security;

import io.echopush.lifecycle.Application;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/**
 * When an HTTP session ends (the user signs out, or it times out), the authenticated WebSockets opened within
 * it close with 1008: a socket must not outlive the sign-in it was opened with. (Spring Session does the same.)
 */
public class SignOutListener implements HttpSessionListener {

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        Application app = Application.runningOrNull();
        if (app != null) {
            app.sessions().httpSessionEnded(event.getSession().getId());
        }
    }
}
