import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a test WildFly that an earlier, killed build left running from the given folder: every process started
 * with {@code -Djboss.home.dir=<folder>}, and nothing else. The Arquillian adapter stops its server whenever the
 * test JVM ends, Ctrl-C included; only a test JVM killed outright leaves one behind, holding its memory and ports.
 *
 * <p>Run by the wildfly profile before the tests start a server: {@code java StopLeftoverServer.java <folder>}.
 */
public class StopLeftoverServer {

    private static final String HOME_ARGUMENT = "-Djboss.home.dir=";

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments()
                        .map(arguments -> Arrays.stream(arguments).anyMatch(argument -> isHome(argument, home)))
                        .orElse(false))
                .toList();
        for (ProcessHandle leftover : leftovers) {
            System.out.println("Stopping the test WildFly an earlier build left running: pid " + leftover.pid()
                    + " (" + home + ")");
            leftover.destroy();
        }
        for (ProcessHandle leftover : leftovers) {
            try {
                leftover.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                leftover.destroyForcibly();
            }
        }
    }

    private static boolean isHome(String argument, Path home) {
        return argument.startsWith(HOME_ARGUMENT)
                && Path.of(argument.substring(HOME_ARGUMENT.length())).toAbsolutePath().normalize().equals(home);
    }
}
