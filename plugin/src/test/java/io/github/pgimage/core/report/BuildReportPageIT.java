package io.github.pgimage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.buildkit.StepName;
import io.github.pgimage.core.json.JsonTree;

/**
 * The golden pages as a browser shows them: Debian's Chromium, headless, draws each to a PNG (it must not be blank:
 * a blank page is an ~11 KB PNG of one colour, and the bars' colours must be there) and dumps the DOM it parsed,
 * in which every step of the recorded report must be named and no script element may appear. Chromium comes from
 * {@code .ci/provision-chromium.sh} (run by the {@code provision-engine} profile).
 */
class BuildReportPageIT {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1800;
    private static final long TIMEOUT_SECONDS = 120;
    /** The setup stage's blue and the failure's red, as the page's light scheme draws them. */
    private static final int SETUP_BLUE = 0x2f6fdb;
    private static final int FAILED_RED = 0xcf222e;

    @TempDir
    Path dir;

    @Test
    void theExamplePageIsDrawnAndNamesEveryStep() throws Exception {
        String dom = drawnWithEveryStep("example", SETUP_BLUE);

        assertTrue(dom.contains("272.7 MB"), "the largest layer's size");
    }

    @Test
    void theFailedPageShowsTheStepsOutputAsTextAndRunsNothing() throws Exception {
        String dom = drawnWithEveryStep("failed", FAILED_RED);

        assertTrue(dom.contains("&lt;script&gt;alert('injected')&lt;/script&gt;"), dom);
        assertFalse(dom.contains("<script"), "the browser parsed no script element: " + dom);
        assertFalse(dom.contains("<b>"), dom);
    }

    /**
     * Draws the golden page: not blank, with {@code colour} somewhere (the setup bars' blue, the failure's red, so
     * the CSS and SVG were applied); its DOM names every step of the recorded report.
     *
     * @return the DOM
     */
    private String drawnWithEveryStep(String name, int colour) throws Exception {
        Path page = golden(name);
        BufferedImage png = screenshot(page);
        assertNotBlank(png);
        assertTrue(hasColour(png, colour), "the page's colours are drawn: " + Integer.toHexString(colour));
        String dom = dom(page);
        for (String step : stepNames(name)) {
            assertTrue(dom.contains(step), "the DOM names " + step);
        }
        return dom;
    }

    private Path golden(String name) throws IOException {
        Path page = dir.resolve(name + ".html");
        Files.copy(Path.of("src/test/resources/golden", name + ".build-report.html"), page);
        return page;
    }

    /** The steps of the recorded report as the page shows them, escaped as the DOM serializes text. */
    private static List<String> stepNames(String recorded) throws Exception {
        Map<String, Object> report = JsonTree.object(JsonTree.parse(
                BuildReportPageTest.resource("report/" + recorded).resolve(ReportWriter.REPORT_FILE)));
        List<String> names = new ArrayList<>();
        for (Object step : JsonTree.array(report.get("steps"))) {
            String name = JsonTree.text(step, "name");
            names.add(StepName.parse(name).map(StepName::display).orElse(name)
                    .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        }
        assertFalse(names.isEmpty(), "the recorded report has steps");
        return names;
    }

    private BufferedImage screenshot(Path page) throws Exception {
        Path png = dir.resolve(page.getFileName() + ".png");
        chromium("--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT, page.toUri().toString());
        assertTrue(Files.size(png) > 20_000, "a drawn page, not a blank one: " + Files.size(png) + " bytes");
        return ImageIO.read(png.toFile());
    }

    private String dom(Path page) throws Exception {
        return chromium("--dump-dom", page.toUri().toString());
    }

    /** More than a twentieth of the pixels differ from the background (the top-left corner's colour). */
    private static void assertNotBlank(BufferedImage png) {
        assertEquals(WIDTH, png.getWidth());
        int background = png.getRGB(0, 0);
        long drawn = 0;
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                if (png.getRGB(x, y) != background) {
                    drawn++;
                }
            }
        }
        long pixels = (long) png.getWidth() * png.getHeight();
        assertTrue(drawn * 20 > pixels, "drawn pixels: " + drawn + " of " + pixels);
    }

    private static boolean hasColour(BufferedImage png, int rgb) {
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                if ((png.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Runs headless Chromium with a profile of its own; its standard output, or a failure naming what went wrong. */
    private String chromium(String... arguments) throws Exception {
        String executable = System.getenv().getOrDefault("PGIMAGE_CHROMIUM", "chromium");
        List<String> command = new ArrayList<>(List.of(executable, "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(arguments));
        File log = dir.resolve("chromium.log").toFile();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(log).start();
        } catch (IOException e) {
            fail(executable + " is not installed (" + e.getMessage() + "): run .ci/provision-chromium.sh, or"
                    + " ./mvnw -Pprovision-engine verify, or set PGIMAGE_CHROMIUM to a Chromium");
            throw e;
        }
        process.getOutputStream().close();
        // read while it runs: a DOM larger than the pipe's buffer would otherwise block it
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command + "\n" + Files.readString(log.toPath()));
        }
        assertEquals(0, process.exitValue(), "Chromium failed: " + command + "\n" + Files.readString(log.toPath()));
        return new String(out.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }
}
