package dev.ferry.engine.state;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process that runs a run, so that a run is named by where it lives ("pid 4242 on host db1")
 * when another process finds it running or finds it left behind.
 *
 * @param host the host name; never null
 * @param pid  the operating system's process id
 */
public record RunProcess(String host, long pid) {

    private static final RunProcess CURRENT = new RunProcess(localHostName(), ProcessHandle.current().pid());

    /** This JVM. */
    public static RunProcess current() {
        return CURRENT;
    }

    @Override
    public String toString() {
        return "pid " + pid + " on host " + host;
    }

    /**
     * The kernel's host name before a DNS look-up: {@link InetAddress#getLocalHost()} resolves the
     * name and can stall for seconds on a machine whose name does not resolve.
     */
    private static String localHostName() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name = Files.readString(kernel).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
