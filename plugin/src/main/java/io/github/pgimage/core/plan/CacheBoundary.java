package io.github.pgimage.core.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The line between the setup layer (stable files, cached for weeks) and the entrypoint layer (volatile files,
 * edited daily), and the one place that knows what reruns which step. Steps form one chain in Dockerfile order, so
 * a step reruns when its own inputs change and then every step after it:
 * <ul>
 * <li>an edit of a file the step reads ({@link #rebuiltBy(String)});</li>
 * <li>a cache rule of a setup or builder step: its period turned over, or its value changed
 *     ({@link #rebuiltByRule(CacheRule)});</li>
 * <li>a rebuild requested from that step on ({@link #rebuiltFrom(SetupScript)}).</li>
 * </ul>
 * Rules and requests reach the engine as one build argument per step, declared just before it with its current
 * state as value ({@link #argumentFor}): the steps before it keep their cache keys, and the Dockerfile is the same
 * for the same state. Build args the user gives are declared the same way, before the first step that names them.
 */
public record CacheBoundary(List<PlannedStep> steps, int firstVolatileStep, CacheInvalidation invalidation) {

    /** Image label that carries the rebuild marks to the next build (so it keeps the rebuilt layers). */
    public static final String REBUILT_LABEL = "io.github.pgimage.rebuilt";

    public CacheBoundary {
        steps = List.copyOf(steps);
        Objects.requireNonNull(invalidation, "invalidation");
        if (firstVolatileStep < 0 || firstVolatileStep > steps.size()) {
            throw new IllegalArgumentException("boundary " + firstVolatileStep + " outside 0.." + steps.size());
        }
    }

    public CacheBoundary(List<PlannedStep> steps, int firstVolatileStep) {
        this(steps, firstVolatileStep, CacheInvalidation.none());
    }

    /** Steps of the setup layer (and the builder stage), which only a change of setup files reruns. */
    public List<PlannedStep> stableSteps() {
        return steps.subList(0, firstVolatileStep);
    }

    /** Steps of the entrypoint layer, from the most stable part (configuration) to the most volatile (scripts). */
    public List<PlannedStep> volatileSteps() {
        return steps.subList(firstVolatileStep, steps.size());
    }

    /** Project files read by stable steps. */
    public List<String> stableFiles() {
        return stableSteps().stream().flatMap(s -> s.inputs().stream()).distinct().sorted().toList();
    }

    /** Project files read by volatile steps. */
    public List<String> volatileFiles() {
        return volatileSteps().stream().flatMap(s -> s.inputs().stream()).distinct().sorted().toList();
    }

    /** The steps an edit of {@code changedFile} reruns: the first that reads it and all after it; none if no step reads it. */
    public List<PlannedStep> rebuiltBy(String changedFile) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).inputs().contains(changedFile)) {
                return steps.subList(i, steps.size());
            }
        }
        return List.of();
    }

    /** The steps a rule reruns when it fires: its step and all after it. */
    public List<PlannedStep> rebuiltByRule(CacheRule rule) {
        Optional<SetupScript> script = scripts().stream().filter(s -> matches(rule.step(), s)).findFirst();
        return script.map(this::rebuiltFrom).orElse(List.of());
    }

    /** The steps a rebuild from {@code script} reruns: its step and all after it. */
    public List<PlannedStep> rebuiltFrom(SetupScript script) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof PlannedStep.RunScript run && run.script().equals(script)) {
                return steps.subList(i, steps.size());
            }
        }
        return List.of();
    }

    /** The setup and builder scripts, in build order. */
    public List<SetupScript> scripts() {
        return steps.stream().filter(s -> s instanceof PlannedStep.RunScript)
                .map(s -> ((PlannedStep.RunScript) s).script()).toList();
    }

    /** The index in {@link #steps()} of the step that runs {@code script}, or -1. */
    public int indexOf(SetupScript script) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof PlannedStep.RunScript run && run.script().equals(script)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The script a selector names: its number ({@code 03}, also {@code 3}) or its file name or path. Setup scripts
     * come first; a number both a setup and a builder script carry is ambiguous.
     *
     * @throws IllegalArgumentException naming the selector and what was found
     */
    public static SetupScript resolve(String selector, List<SetupScript> scripts) {
        String wanted = selector == null ? "" : selector.strip();
        List<SetupScript> byName = scripts.stream()
                .filter(s -> s.path().equals(wanted) || s.fileName().equals(wanted)
                        || s.fileName().equals(wanted + ".sh"))
                .toList();
        if (byName.size() == 1) {
            return byName.get(0);
        }
        List<SetupScript> byNumber = wanted.matches("\\d+")
                ? scripts.stream().filter(s -> s.number().equals(new java.math.BigInteger(wanted))).toList()
                : List.of();
        if (byNumber.size() == 1) {
            return byNumber.get(0);
        }
        String known = String.join(", ", scripts.stream().map(SetupScript::path).toList());
        if (byNumber.size() > 1 || byName.size() > 1) {
            throw new IllegalArgumentException("'" + wanted + "' names more than one step ("
                    + String.join(", ", (byName.size() > 1 ? byName : byNumber).stream().map(SetupScript::path).toList())
                    + "); give the script's path");
        }
        throw new IllegalArgumentException("'" + wanted + "' names no setup or builder script; there are: " + known);
    }

    static boolean matches(String selector, SetupScript script) {
        try {
            return resolve(selector, List.of(script)).equals(script);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The build argument that carries {@code script}'s rule and rebuild state, e.g. {@code PGIMAGE_CACHE_03_INSTALL_POSTGRESQL}. */
    public static String argumentName(SetupScript script) {
        String base = script.fileName().replaceAll("\\.sh$", "").toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return "PGIMAGE_CACHE_" + (script.path().startsWith(ProjectLayout.SETUP_BUILD + "/") ? "BUILD_" : "") + base;
    }

    /**
     * {@code NAME=state} to declare just before {@code script}'s step, when a rule or a rebuild mark applies to it:
     * the period's number since 1970 ({@code P7D.2921}), the value's hash ({@code v.1a2b…}), the rebuild mark
     * ({@code r.…}), joined with '+'. Empty when nothing but its files decides when it reruns.
     */
    public static Optional<String> argumentFor(SetupScript script, CacheInvalidation invalidation) {
        List<String> state = new ArrayList<>();
        for (CacheRule rule : invalidation.rules()) {
            if (!matches(rule.step(), script)) {
                continue;
            }
            if (rule.every() != null) {
                long period = rule.period().getSeconds();
                state.add(rule.every().strip().toUpperCase(Locale.ROOT) + "." + Math.floorDiv(invalidation.clock().getEpochSecond(), period));
            }
            if (rule.value() != null) {
                state.add("v." + sha256(rule.value()).substring(0, 16));
            }
        }
        String mark = invalidation.rebuilt().get(script.path());
        if (mark != null) {
            state.add("r." + mark);
        }
        return state.isEmpty() ? Optional.empty() : Optional.of(argumentName(script) + "=" + String.join("+", state));
    }

    /** Problems of the rules themselves (a step they cannot find, a bad period), named by the rule's step. */
    static List<ProjectProblem> problems(CacheInvalidation invalidation, List<SetupScript> scripts) {
        List<ProjectProblem> problems = new ArrayList<>();
        for (CacheRule rule : invalidation.rules()) {
            String what = rule.problem();
            if (what != null) {
                problems.add(new ProjectProblem("cache rule for '" + rule.step() + "'", what,
                        "give a period such as P7D, a value, or both"));
            }
            try {
                resolve(rule.step(), scripts);
            } catch (IllegalArgumentException e) {
                problems.add(new ProjectProblem("cache rule for '" + rule.step() + "'", e.getMessage(),
                        "name a script of setup/scripts/ or setup/build/ by its number or file name"));
            }
        }
        return problems;
    }

    /** The rebuild marks as the image label carries them: {@code path=mark,…} in build order; empty when none. */
    public String rebuiltLabel() {
        List<String> parts = new ArrayList<>();
        for (SetupScript script : scripts()) {
            String mark = invalidation.rebuilt().get(script.path());
            if (mark != null) {
                parts.add(script.path() + "=" + mark);
            }
        }
        return String.join(",", parts);
    }

    /** A fresh mark for a rebuild request: when (UTC, to the second) and a random part, label-safe. */
    public static String newMark(java.time.Instant now) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(now) + "-" + HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(2));
    }

    /**
     * The rebuild marks a build declares: those the current image carries ({@code labels}, its {@link #REBUILT_LABEL};
     * a later build keeps declaring them, so that it reuses the rebuilt layers instead of the older ones still in the
     * engine's cache) for the scripts the plan still has, plus a new mark for {@code rebuildFrom}.
     *
     * @param rebuildFrom the script to rerun from, or null
     */
    public static Map<String, String> marks(ImagePlan plan, Map<String, String> labels, SetupScript rebuildFrom,
                                            java.time.Instant now) {
        Map<String, String> marks = new LinkedHashMap<>(parseRebuiltLabel(labels.get(REBUILT_LABEL)));
        marks.keySet().retainAll(plan.cacheBoundary().scripts().stream().map(SetupScript::path).toList());
        if (rebuildFrom != null) {
            marks.put(rebuildFrom.path(), newMark(now));
        }
        return marks;
    }

    /** Parses {@link #rebuiltLabel()}; unknown or malformed parts are dropped. */
    public static Map<String, String> parseRebuiltLabel(String label) {
        Map<String, String> marks = new LinkedHashMap<>();
        if (label == null) {
            return marks;
        }
        for (String part : label.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(eq + 1).matches("[A-Za-z0-9._-]+")) {
                marks.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return marks;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Why each step that ran was not taken from the cache, by index in {@link #steps()}: its own cause (noCache, the
     * rebuild asked for, a rule that fired, an edited file), else the earlier step it follows, else a plain cache
     * miss (the engine did not have it: a first build there, a pruned cache, another base image or parameter, or a
     * build beside it that was the first to take the base image, which costs engines before Docker 29.7 every step on
     * that base: moby/buildkit#4674).
     *
     * @param ran          indexes of the steps that ran, ascending
     * @param previous     the previous build's state, or null when there is none to compare with
     * @param current      this build's state
     * @param rebuildFrom  the script this build was asked to rebuild from, or null
     */
    public Map<Integer, String> reasons(java.util.SortedSet<Integer> ran, CacheHistory previous, CacheHistory current,
                                        boolean noCache, SetupScript rebuildFrom) {
        Map<Integer, String> reasons = new LinkedHashMap<>();
        Integer first = null;
        for (int i : ran) {
            String own = noCache ? "noCache" : ownReason(steps.get(i), previous, current, rebuildFrom);
            if (own != null) {
                reasons.put(i, own);
            } else if (first != null) {
                reasons.put(i, "follows " + describe(steps.get(first)) + ", which reran");
            } else if (previous == null) {
                reasons.put(i, "cache miss (no earlier build report to compare with)");
            } else {
                reasons.put(i, "cache miss: the engine's cache did not have it (first build on this engine, a pruned"
                        + " cache, another base image or parameter, or a build still running beside it that was the"
                        + " first to take the base image: engines before Docker 29.7 then rerun every step on it)");
            }
            if (first == null) {
                first = i;
            }
        }
        return reasons;
    }

    private String ownReason(PlannedStep step, CacheHistory previous, CacheHistory current, SetupScript rebuildFrom) {
        if (step instanceof PlannedStep.RunScript run) {
            if (run.script().equals(rebuildFrom)) {
                return "rebuildFrom " + run.script().path();
            }
            if (previous != null) {
                String before = previous.arguments().get(run.script().path());
                String now = current.arguments().get(run.script().path());
                if (!Objects.equals(before, now)) {
                    return ruleReason(run.script(), before, now);
                }
            }
        }
        if (previous == null) {
            return null;
        }
        List<String> edited = new ArrayList<>();
        for (String input : step.inputs()) {
            if (!Objects.equals(previous.files().get(input), current.files().get(input))) {
                edited.add(input);
            }
        }
        if (step instanceof PlannedStep.CopyFiles copy && copy.source().endsWith("/")) {
            for (String file : previous.files().keySet()) {
                if (file.startsWith(copy.source()) && !current.files().containsKey(file)) {
                    edited.add(file + " (removed)");
                }
            }
        }
        if (edited.isEmpty()) {
            return null;
        }
        return "edited " + String.join(", ", edited.subList(0, Math.min(3, edited.size())))
                + (edited.size() > 3 ? " and " + (edited.size() - 3) + " more" : "");
    }

    private String ruleReason(SetupScript script, String before, String now) {
        List<String> was = before == null ? List.of() : List.of(before.split("\\+"));
        List<String> is = now == null ? List.of() : List.of(now.split("\\+"));
        List<String> fired = new ArrayList<>();
        for (String part : is) {
            if (!was.contains(part)) {
                if (part.startsWith("v.")) {
                    fired.add("its value changed");
                } else if (part.startsWith("r.")) {
                    fired.add("an earlier rebuildFrom");
                } else {
                    fired.add("every " + part.substring(0, part.indexOf('.')) + ", a new period began");
                }
            }
        }
        if (fired.isEmpty()) {
            fired.add("its rules changed");
        }
        return "cache rule on " + script.path() + ": " + String.join(", ", fired);
    }

    /** A step as the log and the report name it briefly: its script, or what it copies. */
    public static String describe(PlannedStep step) {
        if (step instanceof PlannedStep.RunScript run) {
            return run.script().path();
        }
        if (step instanceof PlannedStep.CopyFiles copy) {
            return "COPY " + copy.source();
        }
        if (step instanceof PlannedStep.CopyPrivateFile copy) {
            return "COPY " + copy.file().path();
        }
        if (step instanceof PlannedStep.CopyBuildOutput) {
            return "COPY --from=build";
        }
        return "RUN mkdir -p " + ProjectLayout.BUILD_OUTPUT;
    }
}
