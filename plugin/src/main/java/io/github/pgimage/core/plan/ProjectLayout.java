package io.github.pgimage.core.plan;

import java.util.List;

/** The places of the layout convention (SPEC.md), relative to the source directory, and where they go in the image. */
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

    /** Where the project's runtime files live in the image ({@code PGIMAGE_HOME}). */
    public static final String IMAGE_HOME = "/opt/pgimage";

    /** Files a builder-stage script writes here reach the image, mapped onto {@code /}. */
    public static final String BUILD_OUTPUT = IMAGE_HOME + "/out";

    /** The marker a setup file must not contain: setup must not depend on the entrypoint layer. */
    public static final String ENTRYPOINT_MARKER = "entrypoint.d";

    private ProjectLayout() {
    }
}
