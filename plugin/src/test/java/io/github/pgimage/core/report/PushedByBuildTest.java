package io.github.pgimage.core.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the push goal tells that the build already pushed: the report's {@code pushed} entry. */
class PushedByBuildTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @TempDir
    Path out;

    @Test
    void aReportWithAPushSaysWhatWasPushed() throws IOException {
        new ReportWriter().write(out, report("sha256:id").withPushed(new BuildReport.Pushed(DIGEST, List.of("reg/pg:1"))));

        PushedByBuild pushed = PushedByBuild.read(out).orElseThrow();

        assertEquals(new PushedByBuild("sha256:id", DIGEST, List.of("reg/pg:1")), pushed);
        assertTrue(pushed.covers(List.of("reg/pg:1"), Optional.of("sha256:id")));
        assertTrue(pushed.covers(List.of("reg/pg:1"), Optional.empty()), "an image only the registry holds");
        assertFalse(pushed.covers(List.of("reg/pg:1"), Optional.of("sha256:newer")), "a later build that did not push");
        assertFalse(pushed.covers(List.of("reg/pg:1", "reg/pg:latest"), Optional.of("sha256:id")), "another tag");
    }

    @Test
    void noPushNoReportOrABrokenReportMeanNothingWasPushed() throws IOException {
        assertEquals(Optional.empty(), PushedByBuild.read(out));
        new ReportWriter().write(out, report("sha256:id"));
        assertFalse(Files.readString(out.resolve(ReportWriter.REPORT_FILE)).contains("pushed"));
        assertEquals(Optional.empty(), PushedByBuild.read(out));
        Files.writeString(out.resolve(ReportWriter.REPORT_FILE), "{ not json");
        assertEquals(Optional.empty(), PushedByBuild.read(out));
    }

    private static BuildReport report(String imageId) {
        return new BuildReport("reg/pg:1", imageId, "sha256:ctx", new BuildReport.Engine("docker", "28.5", "1.51"), 10,
                List.of(), 0, 0, 0);
    }
}
