package io.github.pgimage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.engine.EngineVersion;

/** {@code start} after a {@code load=false} build says why the engine lacks the image, instead of pulling it. */
class RegistryOnlyTest {
    private static final String CONFIG = "sha256:" + "c".repeat(64);

    @TempDir
    Path out;

    @Test
    void aRegistryOnlyBuildIsNamedWithTheWayOut() throws Exception {
        write(new BuildReport.Pushed("sha256:" + "d".repeat(64), List.of("reg.example/pg:1"), false));

        PgImageException e = RegistryOnly.explain(new ImageNotFoundException(CONFIG), out, "the engine at unix:///x");

        assertEquals(Optional.of(Setting.LOAD), e.setting());
        assertTrue(e.getMessage().startsWith("The last build pushed reg.example/pg:1 (sha256:ddd"), e.getMessage());
        assertTrue(e.getMessage().contains("not in the engine at unix:///x, and start never pulls"), e.getMessage());
        assertTrue(e.getMessage().contains("load=true"), e.getMessage());
    }

    @Test
    void anImageThatWasLoadedIsSimplyMissing() throws Exception {
        write(new BuildReport.Pushed("sha256:" + "d".repeat(64), List.of("reg.example/pg:1")));
        ImageNotFoundException missing = new ImageNotFoundException(CONFIG);

        assertSame(missing, RegistryOnly.explain(missing, out, "the engine"));
        assertSame(missing, RegistryOnly.explain(missing, out.resolve("no-report-here"), "the engine"));
    }

    private void write(BuildReport.Pushed pushed) throws Exception {
        BuildResult result = new BuildResult(CONFIG, List.of("reg.example/pg:1"), List.of(),
                new EngineVersion("28.5.2", "1.51"), 100);
        new ReportWriter().write(out, BuildReport.of("reg.example/pg:1", "sha256:ctx", result).withPushed(pushed));
    }
}
