package io.github.pgimage.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.InvalidProjectException;
import io.github.pgimage.core.plan.ProjectProblem;

/** A project folder the validation tests write files into and plan, as a user's build would. */
record ProjectFolder(Path root) {

    void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    ImagePlan plan(ImageSettings settings) {
        return new ImagePlanner().plan(root, settings);
    }

    /** The one problem the plan is refused for. */
    ProjectProblem single(ImageSettings settings) {
        InvalidProjectException e = assertThrows(InvalidProjectException.class, () -> plan(settings));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }
}
