package io.github.pgimage.maven;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.Field;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dockerfile} and {@code context} need no engine, and load nothing of one: nothing of the plugin's engine
 * client ({@code core.engine}) or its builders, no gRPC, Netty or protobuf, no JDBC driver. Each goal runs in a class
 * loader of its own that records every class it loads, as Maven's plugin realm would load them in a fresh JVM.
 */
class EngineFreeGoalsTest {
    private static final List<String> ENGINE_LIBRARIES = List.of(
            "io.grpc.", "io.netty.", "com.google.protobuf.", "org.postgresql.",
            "io.github.pgimage.core.engine.", "io.github.pgimage.core.buildkit.", "io.github.pgimage.core.session.BuildSession",
            "io.github.pgimage.core.session.filesync.");

    @Test
    void dockerfileLoadsNoEngineClient(@TempDir Path work) throws Exception {
        Set<String> loaded = runGoal("io.github.pgimage.maven.DockerfileMojo", project(work), work.resolve("out"));

        assertTrue(Files.isRegularFile(work.resolve("out/Dockerfile")));
        assertEquals(List.of(), engineClasses(loaded));
        assertTrue(loaded.contains("io.github.pgimage.core.dockerfile.DockerfileGenerator"), "the goal ran in the loader");
    }

    @Test
    void contextLoadsNoEngineClient(@TempDir Path work) throws Exception {
        Set<String> loaded = runGoal("io.github.pgimage.maven.ContextMojo", project(work), work.resolve("out"));

        assertTrue(Files.isRegularFile(work.resolve("out/context.tar")));
        assertEquals(List.of(), engineClasses(loaded));
        assertTrue(loaded.stream().anyMatch(name -> name.startsWith("org.apache.commons.compress.")), "the tar is written");
    }

    private static List<String> engineClasses(Set<String> loaded) {
        return loaded.stream().filter(name -> ENGINE_LIBRARIES.stream().anyMatch(name::startsWith)).sorted().toList();
    }

    private static Path project(Path work) throws Exception {
        Path source = work.resolve("image");
        Files.createDirectories(source.resolve("setup/scripts"));
        Files.createDirectories(source.resolve("entrypoint.d/scripts"));
        Files.writeString(source.resolve("setup/scripts/01-install.sh"), "#!/bin/sh\napt-get install -y postgresql-15\n");
        Files.writeString(source.resolve("entrypoint.d/scripts/10-hello.sh"), "echo hello\n");
        return source;
    }

    /** Configures the goal as Maven would (the parameters' defaults) and runs it in a recording loader. */
    private static Set<String> runGoal(String mojo, Path source, Path output) throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            Class<?> type = loader.loadClass(mojo);
            Object goal = type.getConstructor().newInstance();
            set(goal, "sourceDirectory", source.toFile());
            set(goal, "outputDirectory", output.toFile());
            set(goal, "baseImage", "debian:bookworm-slim");
            set(goal, "runAsUser", "postgres");
            set(goal, "stopSignal", "SIGINT");
            set(goal, "healthcheck", true);
            set(goal, "aptCache", true);
            type.getMethod("execute").invoke(goal);
            return Set.copyOf(loader.loaded);
        }
    }

    private static void set(Object goal, String name, Object value) throws Exception {
        for (Class<?> c = goal.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                field.set(goal, value);
                return;
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** The test's class path without the JDK's loader in front: every library class it loads is recorded. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> loaded = ConcurrentHashMap.newKeySet();

        RecordingLoader() throws MalformedURLException {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        private static URL[] classPath() throws MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> found = super.findClass(name);
            loaded.add(name);
            return found;
        }
    }
}
