package io.echopush.handshake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Without {@link OriginFilter}'s approval on this thread, {@code checkOrigin} lets in only what needs no
 * request: missing origins (default policy) and the allow-list (empty by default). A page's own origin
 * cannot be recognised here, so it is refused: the check fails closed. (The approved path is proven in
 * the container by {@code OriginCheckIT.thePagesOwnOriginMayConnectAndEcho}.)
 */
class OriginCheckConfiguratorTest {

    private final OriginCheckConfigurator configurator = new OriginCheckConfigurator();

    @Test
    void withoutTheFiltersApprovalOnlyMissingOrAllowListedOriginsPass() {
        assertTrue(configurator.checkOrigin(null));
        assertFalse(configurator.checkOrigin("http://localhost:8080"));
        assertFalse(configurator.checkOrigin("https://evil.example"));
    }
}
