package io.github.pgimage.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

/** postgres:16's docker-entrypoint.sh is replaced by the image's entrypoint: one warning, saying how to keep it. */
class BaseImageEntrypointTest {

    @TempDir
    Path project;

    @Test
    void aBaseImagesEntrypointReplacedByTheDefaultOneIsWarnedWithHowToKeepIt() throws IOException {
        write("setup/scripts/01-extensions.sh", "#!/bin/sh\napt-get install -y postgresql-16-cron\n");
        Optional<String> warning = BaseImageEntrypoint.warning(plan(), List.of("docker-entrypoint.sh"));
        assertTrue(warning.isPresent());
        assertEquals("The base image postgres:16 has its own ENTRYPOINT docker-entrypoint.sh, which the image's"
                + " ENTRYPOINT /opt/pgimage/entrypoint.sh (the plugin's default entrypoint) replaces: what it did at start"
                + " no longer happens. To keep it, write an entrypoint.sh that does the image's own work and then hands"
                + " over: exec docker-entrypoint.sh \"$@\"", warning.get());
    }

    @Test
    void noWarningWithoutOneOrWhenTheProjectsEntrypointHandsOver() throws IOException {
        write("setup/scripts/01-extensions.sh", "#!/bin/sh\napt-get install -y postgresql-16-cron\n");
        assertEquals(Optional.empty(), BaseImageEntrypoint.warning(plan(), List.of()));
        write("entrypoint.sh", "#!/bin/sh\necho \"shared_preload_libraries = 'pg_cron'\" >> /tmp/x\n");
        assertTrue(BaseImageEntrypoint.warning(plan(), List.of("/usr/local/bin/docker-entrypoint.sh")).get()
                .contains("(the project's entrypoint.sh) replaces"));
        write("entrypoint.sh", "#!/bin/sh\nexec docker-entrypoint.sh \"$@\"\n");
        assertEquals(Optional.empty(), BaseImageEntrypoint.warning(plan(), List.of("/usr/local/bin/docker-entrypoint.sh")));
    }

    private ImagePlan plan() {
        return new ImagePlanner().plan(project, ImageSettings.builder().baseImage("postgres:16").build());
    }

    private void write(String relative, String content) throws IOException {
        Path file = project.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
