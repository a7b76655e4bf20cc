package io.github.pgimage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.json.JsonTree;

/**
 * The page made from a report: golden pages from recorded reports (the example image on Docker 28.5 after a setup
 * script's edit, with its last four builds; a build whose failing step printed markup), and what no project can
 * make it do. After an intended change, regenerate the golden pages with
 * {@code mvn test -Dtest=BuildReportPageTest -Dgolden.update=true}, look at them in a browser and review the diff.
 */
class BuildReportPageTest {

    @Test
    void theExampleImagesPageAfterASetupScriptsEdit() throws Exception {
        String page = assertGolden("example");

        assertTrue(page.contains("<span class=\"step\" title=\"[setup 7/8] RUN --mount=type=bind"), page);
        assertTrue(page.contains(">[setup 7/8] RUN /opt/pgimage/setup/scripts/05-runtime-dirs.sh</span>"
                + "<div class=\"reason\">edited setup/scripts/05-runtime-dirs.sh</div>"), "the step that ran, and why");
        assertEquals(5, count(page, "<tr class=\"step cached\">"), "cached steps apart");
        assertTrue(page.contains("<li><span class=\"step\">[setup 5/8] RUN /opt/pgimage/setup/scripts/03-postgresql.sh"
                + "</span>: 272.7 MB (49%)</li>"), "the largest layer named first");
        assertEquals(4, count(page, "<rect class=\"earlier\"") + count(page, "<rect class=\"current\""),
                "one bar per build of the history");
    }

    @Test
    void aFailedBuildsPageShowsTheStepAndItsLastOutputEscaped() throws Exception {
        String page = assertGolden("failed");

        assertTrue(page.contains("<section id=\"failure\" class=\"failure\">"), page);
        assertTrue(page.contains("&lt;script&gt;alert(&#39;injected&#39;)&lt;/script&gt;\n"), "the line is shown as text");
        assertTrue(page.contains("about to fail &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;\n"), page);
        assertTrue(page.contains("red text\n"), "the terminal's colour codes go, the text stays");
        assertFalse(page.contains("\u001b"), "no control character reaches the page");
        assertFalse(page.contains("<script"), "no script element");
        assertFalse(page.contains("<b>"), "no markup from the step");
        assertTrue(page.contains("<tr class=\"step failed\">"), "the failed step is marked in the timeline");
    }

    /** Every string the project or the engine chose, with markup in it, is shown as text wherever the page puts it. */
    @Test
    void noStringFromTheProjectBecomesMarkup() throws Exception {
        List<Step> steps = List.of(
                new Step("[setup 2/3] RUN " + attack(1), "setup", false, 1200, null, List.of()),
                new Step("[runtime 1/1] COPY " + attack(2) + " /opt/pgimage/config/", "runtime", true, 0, null,
                        List.of()));
        BuildResult result = new BuildResult("sha256:" + attack(3), List.of(), steps,
                new EngineVersion(attack(4), attack(5)), 2000);
        BuildReport report = BuildReport.of(attack(6), "sha256:" + attack(7), result,
                        new BuilderInfo(BuilderInfo.Api.GRPC, attack(9), BuilderInfo.Store.ENGINE, attack(11), attack(26)))
                .withCacheHistory(java.util.Arrays.asList("edited " + attack(12), null), Map.of(), Map.of())
                .withContext(new BuildReport.ContextSent(attack(13), 2, 1, 10).withContents(2, 10, List.of(attack(14))))
                .withPlatforms(List.of(attack(15)))
                .withCache(new BuildReport.Cache(List.of(attack(16)), List.of(attack(17))))
                .withPushed(new BuildReport.Pushed(attack(18), List.of(attack(19))))
                .withAttestations(new BuildReport.Attested(attack(20), attack(21)))
                .withDetails(Instant.parse("2026-12-07T10:00:00Z"), new BuildReport.Layers(attack(22), attack(28), 100,
                        attack(23), 50, 1, List.of(new BuildReport.Layer(null, null, attack(24), 50))), List.of(attack(25)));
        Map<String, Object> json = json(report);
        // the builder's api and store are the plugin's own words; a report names them as its JSON says
        JsonTree.object(json.get("builder")).put("api", attack(8));
        JsonTree.object(json.get("builder")).put("imageStore", attack(10));
        Map<String, Object> earlier = new LinkedHashMap<>();
        earlier.put("finishedAt", attack(27));
        earlier.put("durationMillis", 10);

        String page = BuildReportPage.render(json, List.of(earlier, BuildHistory.summary(report)));

        assertFalse(page.contains("<img"), page);
        for (int i = 1; i <= 28; i++) {
            if (i == 22) {
                continue; // the layers' source is not shown
            }
            assertTrue(page.contains("&lt;img src=x onerror=alert(" + i + ")&gt;"), "string " + i + " is shown as text");
        }
        Matcher tags = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)").matcher(page);
        while (tags.find()) {
            assertTrue(List.of("html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "span", "p",
                    "div", "section", "table", "colgroup", "col", "tr", "td", "th", "svg", "rect", "text", "line",
                    "circle", "polyline", "ol", "ul", "li", "dl", "dt", "dd", "code", "pre", "details", "summary",
                    "footer").contains(tags.group(1)), "only the page's own elements: " + tags.group(1));
        }
    }

    @Test
    void aBuildForSeveralPlatformsHasALanePerPlatform() throws Exception {
        List<Step> steps = List.of(
                new Step("[linux/amd64 setup 2/3] RUN /opt/pgimage/setup/scripts/01-a.sh", "setup", false, 900, null, List.of()),
                new Step("[linux/arm64 setup 2/3] RUN /opt/pgimage/setup/scripts/01-a.sh", "setup", false, 7000, null, List.of()),
                new Step("[linux/amd64 runtime 1/1] COPY config/ /opt/pgimage/config/", "runtime", true, 0, null, List.of()),
                new Step("[linux/arm64 runtime 1/1] COPY config/ /opt/pgimage/config/", "runtime", false, 40, null, List.of()));
        BuildReport report = BuildReport.of("acme/pg:16", "sha256:c", new BuildResult("sha256:i", List.of(), steps,
                new EngineVersion("28.5.2", "1.51"), 8000)).withPlatforms(List.of("linux/amd64", "linux/arm64"));

        String page = BuildReportPage.render(json(report), List.of());

        assertTrue(page.contains("<h3 class=\"lane\">linux/amd64 <span class=\"muted\">1 of 2 cached</span></h3>"), page);
        assertTrue(page.contains("<h3 class=\"lane\">linux/arm64 <span class=\"muted\">0 of 2 cached</span></h3>"), page);
        String arm = page.substring(page.indexOf("<h3 class=\"lane\">linux/arm64"));
        assertTrue(arm.contains("[linux/arm64 runtime 1/1] COPY") && !arm.contains("[linux/amd64"),
                "each step in its platform's lane");
        // the arm64 copy starts after its own lane's 7 s step, on the same scale as the whole build (8 s)
        assertTrue(arm.contains("<rect class=\"runtime\" x=\"875.0\""), arm);
    }

    @Test
    void aReportWithoutTheOptionalPartsSaysWhatIsNotKnown() {
        BuildReport bare = new BuildReport("pg:1", "sha256:i", null, null, 0, List.of(), 0, 0, 0);

        String page = BuildReportPage.render(json(bare), List.of());

        assertTrue(page.contains("No step ran or came from the cache."), page);
        assertTrue(page.contains("The engine's image history was not read"), page);
        assertTrue(page.contains("No earlier build of this module is recorded."), page);
        assertFalse(page.contains("id=\"failure\""), page);
    }

    @Test
    void sizesAndDurationsAreWrittenForPeople() {
        assertEquals("999 B", BuildReportPage.bytes(999));
        assertEquals("27.3 kB", BuildReportPage.bytes(27_329));
        assertEquals("556.3 MB", BuildReportPage.bytes(556_269_747));
        assertEquals("1.20 GB", BuildReportPage.bytes(1_200_000_000));
        assertEquals("816 ms", BuildReportPage.duration(816));
        assertEquals("17.8 s", BuildReportPage.duration(17_800));
        assertEquals("1 min 18 s", BuildReportPage.duration(78_958));
        assertEquals("79 s", BuildReportPage.seconds(78_958));
        assertEquals("4.6 s", BuildReportPage.seconds(4_611));
    }

    /** Renders a recorded report with its recorded history and compares the page with its golden file. */
    private static String assertGolden(String name) throws IOException, URISyntaxException {
        Path recorded = resource("report/" + name);
        String page = BuildReportPage.render(JsonTree.object(JsonTree.parse(recorded.resolve(ReportWriter.REPORT_FILE))),
                BuildHistory.read(recorded));
        Path golden = Path.of("src/test/resources/golden", name + ".build-report.html");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, page, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), page, "the page of the recorded report " + name);
        return page;
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(BuildReportPageTest.class.getClassLoader().getResource(name).toURI());
    }

    private static Map<String, Object> json(BuildReport report) {
        try {
            return new LinkedHashMap<>(JsonTree.object(JsonTree.parse(ReportWriter.bytes(report))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String attack(int n) {
        return "\"'><img src=x onerror=alert(" + n + ")>";
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
