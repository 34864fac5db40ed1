import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops Payara Micro test servers that a killed build of this working copy left running. Run by the payara profile
 * before the in-container tests ({@code java StopLeftoverMicro.java <micro jar>}, JDK single-file source).
 *
 * <p>The Arquillian adapter stops the Micro JVM it started when the test JVM ends normally; when the build is
 * killed, Micro goes on running. Only processes started from exactly this working copy's Micro jar with a WAR to
 * deploy are stopped: a polite stop first (Micro's shutdown), then a forced one.
 */
public class StopLeftoverMicro {

    public static void main(String[] args) throws InterruptedException {
        String jar = args[0];
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> isMicroOf(process.info().commandLine(), jar))
                .toList();
        for (ProcessHandle leftover : leftovers) {
            System.out.println("Stopping Payara Micro left behind by an earlier build: pid " + leftover.pid());
            leftover.destroy();
        }
        for (ProcessHandle leftover : leftovers) {
            try {
                leftover.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                System.out.println("pid " + leftover.pid() + " did not stop within " + Duration.ofSeconds(30)
                        + ": killing it");
                leftover.destroyForcibly();
            }
        }
    }

    private static boolean isMicroOf(Optional<String> commandLine, String jar) {
        return commandLine.filter(line -> line.contains(" -jar " + jar + " ") && line.contains(" --deploy "))
                .isPresent();
    }
}
