package io.github.pgimage.core.imagebuild;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.image.Platform;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the chosen builder can do with the platforms, archive and push asked for, decided before anything is sent: a
 * build that would fail late (after minutes of emulated steps) or leave nothing usable fails first, naming the
 * setting and what to change.
 */
final class PlatformCheck {
    /** How to get QEMU's emulators where the engine runs. */
    static final String INSTALL_EMULATORS = "install QEMU's user-mode emulators where the engine runs (Debian/Ubuntu:"
            + " mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; apt-get install qemu-user-static"
            + " binfmt-support; Docker Desktop has them already)";

    private PlatformCheck() {
    }

    /**
     * @param requested the platforms asked for; empty for the builder's own
     * @param builder   the BuildKit chosen ({@code api} {@code grpc} or {@code build-api}; {@code imageStore})
     * @param runnable  the platforms its workers run (ListWorkers), native first; empty when unknown ({@code /build})
     * @param where     names the engine or daemon in messages
     */
    static void beforeBuild(List<Platform> requested, BuilderInfo builder, List<Platform> runnable, boolean archive,
                            String where) throws InvalidSettingException {
        String list = requested.stream().map(Platform::toString).collect(Collectors.joining(","));
        boolean grpc = builder.api().equals("grpc");
        if (requested.size() > 1 && !grpc) {
            throw new InvalidSettingException(Setting.PLATFORMS, list,
                    "Building for " + list + " makes one image index, which BuildKit builds through"
                    + " its gRPC API only; " + where + " builds through the engine's POST /build, one platform at a"
                    + " time. Use builder=auto or grpc (Docker 19.03 or newer) with the containerd image store, or a"
                    + " standalone BuildKit daemon, or build one platform.");
        }
        if (archive && !grpc) {
            throw new InvalidSettingException(Setting.ARCHIVE, "true",
                    "An OCI archive is written by BuildKit's OCI exporter through its gRPC API; "
                    + where + " builds through the engine's POST /build. Use builder=auto or grpc with the containerd"
                    + " image store, or a standalone BuildKit daemon, or turn archive off.");
        }
        boolean classicStore = builder.imageStore().equals("engine");
        if (requested.size() > 1 && classicStore) {
            throw new InvalidSettingException(Setting.PLATFORMS, list,
                    "Building for " + list + " makes one image index, but " + where + " keeps images"
                    + " in its classic image store, which holds one platform per image, and its BuildKit can neither"
                    + " push nor archive an index. Turn on the engine's containerd image store (\"features\":"
                    + " {\"containerd-snapshotter\": true} in daemon.json; the default of Docker 29), or build with a"
                    + " standalone BuildKit daemon (builder=unix:///…/buildkitd.sock or tcp://…) and push or archive"
                    + " the image, or build one platform.");
        }
        if (archive && classicStore) {
            throw new InvalidSettingException(Setting.ARCHIVE, "true",
                    "An OCI archive is written by BuildKit's OCI exporter, which the BuildKit of "
                    + where + " lacks with the classic image store. Turn on the engine's containerd image store"
                    + " (\"features\": {\"containerd-snapshotter\": true} in daemon.json; the default of Docker 29),"
                    + " or build with a standalone BuildKit daemon, or turn archive off.");
        }
        if (!runnable.isEmpty()) {
            List<Platform> missing = requested.stream().filter(p -> !runs(runnable, p)).toList();
            if (!missing.isEmpty()) {
                String names = missing.stream().map(Platform::toString).collect(Collectors.joining(", "));
                throw new InvalidSettingException(Setting.PLATFORMS, list,
                    "BuildKit at " + where + " cannot run steps for " + names + ": its workers"
                        + " run " + runnable.stream().map(Platform::toString).collect(Collectors.joining(", "))
                        + ". To build for " + names + ", " + INSTALL_EMULATORS + ", then build again; or leave "
                        + names + " out of platforms.");
            }
        }
    }

    /** A worker that runs linux/arm/v7 runs linux/arm too (BuildKit picks the variant); otherwise an exact match. */
    private static boolean runs(List<Platform> runnable, Platform wanted) {
        return runnable.stream().anyMatch(p -> p.equals(wanted) || (wanted.variant() == null
                && p.os().equals(wanted.os()) && p.architecture().equals(wanted.architecture())));
    }
}
