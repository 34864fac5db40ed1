package io.echopush.testing.jetty;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/** What arquillian.xml's {@code <container qualifier="jetty">} sets (Arquillian calls the setters by property name). */
public final class JettyConfiguration implements ContainerConfiguration {
    private String bindAddress = "127.0.0.1";
    private int bindHttpPort;
    private String usersFile;
    private String baseDir;

    @Override
    public void validate() throws ConfigurationException {
        if (bindHttpPort <= 0) {
            throw new ConfigurationException("bindHttpPort must be a reserved port, not " + bindHttpPort);
        }
        if (usersFile == null || baseDir == null) {
            throw new ConfigurationException("usersFile and baseDir are required");
        }
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getBindHttpPort() {
        return bindHttpPort;
    }

    public void setBindHttpPort(int bindHttpPort) {
        this.bindHttpPort = bindHttpPort;
    }

    public String getUsersFile() {
        return usersFile;
    }

    public void setUsersFile(String usersFile) {
        this.usersFile = usersFile;
    }

    public String getBaseDir() {
        return baseDir;
    }

    public void setBaseDir(String baseDir) {
        this.baseDir = baseDir;
    }
}
