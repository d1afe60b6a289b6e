package dev.rollout.examples.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The parts of the CLI that rollout.jar does not carry: the build leaves them in {@code lib/}
 * beside it, and the jar's {@code Class-Path} names each file, so the JVM finds them when they are
 * there. A command that needs a part that is absent fails before it starts, with exit 64 and the
 * files that are missing, instead of a {@code NoClassDefFoundError} halfway through.
 */
enum OptionalJars {
    /** The Kubernetes client and rollout-k8s: {@code run}, a deploy to real clusters. */
    KUBERNETES("the Kubernetes client", List.of("dev.rollout.k8s.cluster.KubernetesClusterTarget",
            "io.kubernetes.client.openapi.ApiClient"), List.of()),
    /** JGit and rollout-git: a deploy whose config reads revisions from a Git repository. */
    GIT("JGit", List.of("dev.rollout.git.GitRevisionSource", "org.eclipse.jgit.api.Git"),
            List.of("rollout-git-", "org.eclipse.jgit-", "JavaEWAH-"));

    private static final int FILES_NAMED = 3;

    private final String description;
    private final List<String> probes;
    private final List<String> filePrefixes;

    OptionalJars(String description, List<String> probes, List<String> filePrefixes) {
        this.description = description;
        this.probes = probes;
        this.filePrefixes = filePrefixes;
    }

    /** Returns if this part is on the class path; else throws bad input naming what {@code needer} needs. */
    void require(String needer) {
        if (present()) {
            return;
        }
        throw new BadInputException(needer + " needs " + description
                + ", which is not on the class path: " + whereToPutIt());
    }

    /** True when every class this part is probed by can be found (none is initialized). */
    boolean present() {
        ClassLoader loader = OptionalJars.class.getClassLoader();
        for (String name : probes) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        return true;
    }

    /** Which of the jar's Class-Path files of this part are missing, or how to get them. */
    private String whereToPutIt() {
        Path jar = runningJar();
        if (jar == null) {
            return "add the rollout-examples build's target/lib/*.jar to the class path";
        }
        Path dir = jar.toAbsolutePath().getParent();
        List<String> missing = new ArrayList<>();
        for (String entry : classPath(jar)) {
            String file = Path.of(entry).getFileName().toString();
            if (ours(file) && !Files.isRegularFile(dir.resolve(entry))) {
                missing.add(entry);
            }
        }
        String named = String.join(", ", missing.subList(0, Math.min(FILES_NAMED, missing.size())))
                + (missing.size() > FILES_NAMED ? " and " + (missing.size() - FILES_NAMED) + " more" : "");
        return (missing.isEmpty() ? jar.getFileName() + " names no lib/ jar for it"
                : dir + " has no " + named)
                + "; keep the build's lib/ directory beside " + jar.getFileName()
                + " (rollout-examples/target/lib/)";
    }

    private boolean ours(String file) {
        boolean git = GIT.filePrefixes.stream().anyMatch(file::startsWith);
        return this == GIT ? git : !git;
    }

    /** The jar this class was loaded from, or null (a classes directory, as in tests). */
    static Path runningJar() {
        CodeSource source = OptionalJars.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) ? path : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> classPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String value = manifest == null ? null
                    : manifest.getMainAttributes().getValue("Class-Path");
            return value == null || value.isBlank() ? List.of()
                    : Arrays.asList(value.trim().split(" +"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
