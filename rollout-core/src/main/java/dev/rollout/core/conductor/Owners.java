package dev.rollout.core.conductor;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who owns a deploy in flight: {@code pid@host}. A deploy whose owner is a process of this host
 * that no longer runs was abandoned (its process crashed or exited while waiting) and may be
 * resumed; an owner on another host is taken to be alive.
 */
final class Owners {
    private Owners() {
    }

    static String thisProcess() {
        return ProcessHandle.current().pid() + "@" + host();
    }

    /** Whether {@code owner} is a process of this host that no longer runs. */
    static boolean gone(String owner, String self) {
        if (owner.equals(self)) {
            // Ourselves, but not in our memory: a conductor of this process that was closed.
            return true;
        }
        int at = owner.indexOf('@');
        if (at <= 0 || !owner.substring(at + 1).equals(host())) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(0, at));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
