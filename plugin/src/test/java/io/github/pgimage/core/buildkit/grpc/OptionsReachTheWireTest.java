package io.github.pgimage.core.buildkit.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.Attestations;
import io.github.pgimage.core.buildkit.BuildJob;
import io.github.pgimage.core.buildkit.BuildQuery;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.Feature;
import io.github.pgimage.core.buildkit.grpc.proto.CacheOptionsEntry;
import io.github.pgimage.core.buildkit.grpc.proto.SolveRequest;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.imagebuild.BuildOptions;
import io.github.pgimage.core.imagebuild.ImageBuild;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.output.SourceDate;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.session.SecretSource;
import io.github.pgimage.core.session.SecretStore;

/**
 * Walks the table "Parameters, features and checks" of docs/ARCHITECTURE.md: every {@code build} parameter of the
 * plugin's descriptor has a row; setting the parameter makes the build need (or want) the feature the row names;
 * and the parameter reaches the wire as the row says, in {@code POST /build}'s query and in {@code Control/Solve}.
 */
class OptionsReachTheWireTest {
    private static final Path ARCHITECTURE = Path.of("../docs/ARCHITECTURE.md");
    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
    /** Parameters of every goal that are not the build's options: Maven's plumbing, and what names the image. */
    private static final Set<String> NOT_OPTIONS = Set.of("project", "skip", "skipBuild", "skipPush", "mojoExecution",
            "settings", "outputDirectory", "sourceDirectory", "image", "tags", "dockerHost", "lockTimeout",
            "answerTimeout");

    @TempDir
    Path work;
    private ImagePlan plan;
    private ImageFiles.ContextOutput context;

    /** One row of the table; {@code —} where nothing applies. */
    record Row(String parameter, String feature, String checkedIn, String buildQuery, String solve) {
    }

    /** How this test sets each row's parameter: the options a user would give. */
    private Map<String, UnaryOperator<BuildOptions.Builder>> settings() {
        Platform amd64 = Platform.parse("linux/amd64", Setting.PLATFORMS);
        Platform arm64 = Platform.parse("linux/arm64", Setting.PLATFORMS);
        Map<String, UnaryOperator<BuildOptions.Builder>> settings = new LinkedHashMap<>();
        settings.put("`buildArgs`", o -> o.buildArgs(Map.of("PG_MAJOR", "16")));
        settings.put("`pull`", o -> o.pull(true));
        settings.put("`noCache`", o -> o.noCache(true));
        settings.put("`target`", o -> o.target("setup"));
        settings.put("`cacheFrom`", o -> o.cacheImports(List.of(CacheSpec.parseImport("reg.example/pg:cache"))));
        settings.put("`cacheFrom` `type=local`", o -> o.cacheImports(List.of(
                CacheSpec.parseImport("type=local,src=" + work.resolve("cache")))));
        settings.put("`cacheTo`", o -> o.cacheTo(List.of(CacheSpec.parseExport("type=registry,ref=reg.example/pg:c"))));
        settings.put("`cacheTo` `type=local`", o -> o.cacheTo(List.of(
                CacheSpec.parseExport("type=local,dest=" + work.resolve("cache")))));
        settings.put("`inlineCache`", o -> o.inlineCache(true));
        settings.put("`provenance`", o -> o.attestations(Attestations.parse("max", null)));
        settings.put("`sbom`", o -> o.attestations(Attestations.parse(null, "true")));
        settings.put("`platforms` (several)", o -> o.platforms(List.of(amd64, arm64)));
        settings.put("`platforms` (one)", o -> o.platforms(List.of(arm64)));
        settings.put("`archive`", o -> o.archive(true));
        settings.put("`push`", o -> o.push(true));
        settings.put("`load`", o -> o.push(true).load(false));
        settings.put("`secrets`", o -> o.secrets(SecretStore.load(List.of(SecretSource.env("token", "T")), v -> "x")));
        settings.put("`builder`, `builderCertPath`", o -> o.builder(BuilderSetting.parse("grpc", null)));
        // as the Mojos pass it: SOURCE_DATE_EPOCH in the environment the build reads
        settings.put("`outputTimestamp`", o -> o.environment(SourceDate.environment(Map.of(), "2024-05-01T12:00:00Z")));
        return settings;
    }

    @BeforeEach
    void project() throws IOException {
        Path script = work.resolve("project/setup/scripts/01-base.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\necho \"$PG_MAJOR\"\n");
        plan = new ImagePlanner().plan(work.resolve("project"), ImageSettings.builder().build());
        context = new ImageFiles(work.resolve("out")).writeContext(plan, Map.of());
    }

    @Test
    void everyBuildParameterOfThePluginHasARow() throws IOException {
        Set<String> documented = new TreeSet<>();
        rows().forEach(row -> {
            Matcher names = Pattern.compile("`(\\w+)`").matcher(row.parameter());
            while (names.find()) {
                documented.add(names.group(1));
            }
        });
        Set<String> missing = new TreeSet<>(buildGoalParameters());
        missing.removeAll(documented);
        missing.removeAll(NOT_OPTIONS);
        missing.removeAll(imageParameters());
        assertEquals(Set.of(), missing, "build parameters without a row in " + ARCHITECTURE);
    }

    @Test
    void eachParameterNeedsItsFeatureAndReachesTheWireOnBothDoors() throws IOException {
        Map<String, UnaryOperator<BuildOptions.Builder>> settings = settings();
        List<String> wrong = new ArrayList<>();
        BuildOptions plain = options(o -> o);
        for (Row row : rows()) {
            UnaryOperator<BuildOptions.Builder> setting = settings.get(row.parameter());
            if (setting == null) {
                wrong.add(row.parameter() + ": this test does not know how to set it");
                continue;
            }
            BuildOptions options = options(setting);
            checkFeature(row, plain, options, wrong);
            BuildJob job = options.job(plan, context, ProgressListener.SILENT);
            String query = BuildQuery.of(job.request(), "pgimage-test");
            if (!row.buildQuery().equals("—") && !reaches(row.buildQuery(), query, job)) {
                wrong.add(row.parameter() + ": POST /build's query has no " + row.buildQuery() + ": " + query);
            }
            GrpcImageBuilder.Export export = GrpcBuilder.export(job, GrpcImageBuilder.Export.engine(true), true,
                    ProgressListener.SILENT);
            SolveRequest solve = GrpcImageBuilder.solveRequest(job.request(), "ref", "session", job.inlineCache(),
                    export, GrpcBuilder.archive(job));
            if (!row.solve().equals("—") && !reaches(row.solve(), solve, job)) {
                wrong.add(row.parameter() + ": Control/Solve has no " + row.solve() + ": " + solve);
            }
        }
        assertEquals(List.of(), wrong);
    }

    private void checkFeature(Row row, BuildOptions plain, BuildOptions options, List<String> wrong) {
        String name = row.feature().replaceAll("[`()]", "");
        if (name.equals("—")) {
            if (!options.needs().equals(plain.needs())) {
                wrong.add(row.parameter() + ": needs " + options.needs() + ", the table says nothing");
            }
            return;
        }
        Feature feature = Feature.valueOf(name);
        Set<Feature> set = row.feature().startsWith("(") ? options.wants(plan) : options.needs();
        if (!set.contains(feature)) {
            wrong.add(row.parameter() + ": " + (row.feature().startsWith("(") ? "wants " : "needs ") + set
                    + ", not " + feature);
        }
    }

    private static boolean reaches(String cell, String query, BuildJob job) {
        String key = cell.replace("`", "");
        if (key.equals("session")) {
            return !job.secrets().isEmpty(); // POST /build opens a session for them: session=ID
        }
        return query.startsWith(key + "=") || query.contains("&" + key + "=");
    }

    private static boolean reaches(String cell, SolveRequest solve, BuildJob job) {
        String[] key = cell.replace("`", "").split(":", 3);
        switch (key[0]) {
            case "session":
                return !solve.getSession().isEmpty() && !job.secrets().isEmpty();
            case "frontend":
                String attr = key[1] + (key.length > 2 ? ":" + key[2] : "");
                if (attr.endsWith(":KEY")) {
                    return solve.getFrontendAttrsMap().keySet().stream().anyMatch(k -> k.startsWith(attr.replace("KEY", "")));
                }
                String[] nameAndValue = attr.split("=", 2); // frontend:image-resolve-mode=pull: this value
                return solve.getFrontendAttrsMap().containsKey(nameAndValue[0]) && (nameAndValue.length == 1
                        || nameAndValue[1].equals(solve.getFrontendAttrsMap().get(nameAndValue[0])));
            case "cache":
                List<CacheOptionsEntry> entries = key[1].equals("import") ? solve.getCache().getImportsList()
                        : solve.getCache().getExportsList();
                return entries.stream().anyMatch(e -> e.getType().equals(key[2]));
            case "exporter":
                String[] attribute = key[1].split("=", 2); // exporter:push=true: the image exporter's attribute
                return attribute.length == 2 ? attribute[1].equals(solve.getExporterAttrsMap().get(attribute[0]))
                        : solve.getExportersList().stream().anyMatch(e -> e.getType().equals(key[1]));
            default:
                throw new AssertionError("a wire key this test does not know: " + cell);
        }
    }

    private BuildOptions options(UnaryOperator<BuildOptions.Builder> setting) {
        return setting.apply(ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse("acme/pg:16")))
                .environment(Map.of())).options();
    }

    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(ARCHITECTURE);
        int heading = lines.indexOf("## Parameters, features and checks");
        assertTrue(heading >= 0, "no table heading in " + ARCHITECTURE.toAbsolutePath());
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("| ") || line.startsWith("| parameter") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            assertEquals(5, cells.length, line);
            rows.add(new Row(cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip(), cells[4].strip()));
        }
        assertFalse(rows.isEmpty(), "the table has no rows");
        return rows;
    }

    /** The {@code build} goal's parameters, as the generated descriptor lists them. */
    private static Set<String> buildGoalParameters() throws IOException {
        String descriptor = Files.readString(DESCRIPTOR);
        int goal = descriptor.indexOf("<goal>build</goal>");
        assertTrue(goal >= 0, "no build goal in " + DESCRIPTOR);
        String mojo = descriptor.substring(goal, descriptor.indexOf("</mojo>", goal));
        String parameters = mojo.substring(mojo.indexOf("<parameters>"), mojo.indexOf("</parameters>"));
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("<name>(\\w+)</name>").matcher(parameters);
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }

    /** The image's own parameters the table's closing paragraph names: they reach every builder in the Dockerfile. */
    private static Set<String> imageParameters() throws IOException {
        String doc = Files.readString(ARCHITECTURE);
        int start = doc.indexOf("The image's own parameters");
        String paragraph = doc.substring(start, doc.indexOf("\n\n", start));
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("`(\\w+)`").matcher(paragraph);
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }
}
