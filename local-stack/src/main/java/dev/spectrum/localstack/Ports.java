package dev.spectrum.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Port helpers: a free port for tests, and a check that a fixed port is free before a server claims it. */
public final class Ports {

    private Ports() {
    }

    /** Ports this JVM has handed out: each is bound later, by another process, so the OS does not know them taken. */
    private static final Set<Integer> ISSUED = new HashSet<>();

    /**
     * A free loopback port, never one this JVM handed out before: the OS may offer the same ephemeral port twice in a
     * row, and two services given one port (one answering for both) fail in confusing ways.
     */
    public static synchronized int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (ISSUED.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free local port", e);
            }
        }
        throw new IllegalStateException("no local port that was not handed out already");
    }

    /** True when nothing listens on the loopback port and we may bind it. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
