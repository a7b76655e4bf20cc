package io.github.pgimage.core.plan;

import java.util.List;

/** The places of the layout convention, relative to the source directory, and where they go in the image. */
public final class ProjectLayout {

    public static final String SETUP_SCRIPTS = "setup/scripts";
    public static final String SETUP_LIB = "setup/lib";
    public static final String SETUP_BUILD = "setup/build";
    public static final String CONFIG = "config";
    public static final String RUNTIME_LIB = "entrypoint.d/lib";
    public static final String RUNTIME_SCRIPTS = "entrypoint.d/scripts";
    public static final String ENTRYPOINT = "entrypoint.sh";
    public static final String DOCKERIGNORE = ".dockerignore";

    /** Directories the scan reads; anything else in the source directory (pom.xml, src/, target/) is not the image's. */
    public static final List<String> DIRECTORIES =
            List.of(SETUP_SCRIPTS, SETUP_LIB, SETUP_BUILD, CONFIG, RUNTIME_LIB, RUNTIME_SCRIPTS);

    /** The folders that hold the layout's places; anything else in them is taken by no part of the layout. */
    public static final List<String> PARENTS = List.of("setup", "entrypoint.d");

    /** What the layout takes at the top of the source directory. */
    public static final List<String> TOP_LEVEL = List.of("setup", "entrypoint.d", CONFIG, ENTRYPOINT, DOCKERIGNORE);

    /**
     * Context folder of the files with a declared mode and owner ({@link FileMode}); the project's own folders never
     * reach the context under this name, since only the layout's places are read.
     */
    public static final String PRIVATE_FILES = "pgimage-private";

    /** Where the project's runtime files live in the image ({@code PGIMAGE_HOME}). */
    public static final String IMAGE_HOME = "/opt/pgimage";

    /** Files a builder-stage script writes here reach the image, mapped onto {@code /}. */
    public static final String BUILD_OUTPUT = IMAGE_HOME + "/out";

    /** The runtime folder's name, as setup files must not use it: setup must not depend on the entrypoint layer. */
    public static final String ENTRYPOINT_MARKER = "entrypoint.d";

    /** Places of the entrypoint layer, the files that may get a declared mode and owner. */
    public static final List<String> ENTRYPOINT_LAYER = List.of(CONFIG + "/", RUNTIME_LIB + "/", RUNTIME_SCRIPTS + "/", ENTRYPOINT);

    /**
     * Whether a folder holds an image layout at all ({@code setup/}, {@code entrypoint.d/} or {@code entrypoint.sh}):
     * a reactor's aggregator or a library module does not, and is skipped when a goal runs over the whole reactor.
     */
    public static boolean isPresentIn(java.nio.file.Path directory) {
        return java.nio.file.Files.isDirectory(directory.resolve("setup"))
                || java.nio.file.Files.isDirectory(directory.resolve("entrypoint.d"))
                || java.nio.file.Files.exists(directory.resolve(ENTRYPOINT));
    }

    private ProjectLayout() {
    }
}
