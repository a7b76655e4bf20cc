package io.github.pgimage.core.buildkit;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a BuildKit vertex name for a Dockerfile instruction: {@code [setup 3/7] RUN …} is
 * stage {@code setup}, index 3 of 7, instruction {@code RUN}. A build for several platforms runs each step once per
 * platform and names it first: {@code [linux/arm64 setup 3/7] RUN …}. Vertices named otherwise
 * ({@code [internal] load build context}, {@code exporting to image}) are not instructions.
 *
 * @param platform    the platform of a build for several platforms ({@code linux/arm64}), else null
 * @param stage       the stage name, or null for the unnamed single stage ({@code [2/4] RUN …})
 * @param instruction the Dockerfile keyword, upper case
 */
public record StepName(String name, String platform, String stage, int index, int count, String instruction) {
    // the platform may carry "->target" when a stage's own platform differs from the target (FROM --platform=…)
    private static final Pattern INSTRUCTION = Pattern.compile(
            "^\\[(?:([a-z0-9_]+/[a-z0-9_]+(?:/[a-z0-9_]+)?(?:->\\S+)?) )?(?:(\\S+) )?(\\d+)/(\\d+)] ([A-Za-z]+)\\b.*",
            Pattern.DOTALL);
    /** Instructions that do work in the image; FROM only names a base. */
    private static final Set<String> WORK = Set.of("RUN", "COPY", "ADD");
    /** RUN options repeat what the command says (the bind-mounted script), so progress lines leave them out. */
    private static final Pattern RUN_OPTION = Pattern.compile("--(?:mount|network|security)=\\S+\\s+");

    public static Optional<StepName> parse(String vertexName) {
        Matcher m = INSTRUCTION.matcher(vertexName == null ? "" : vertexName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new StepName(vertexName, m.group(1), m.group(2), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), m.group(5).toUpperCase(java.util.Locale.ROOT)));
    }

    /** True for the instructions the build report counts as steps: RUN, COPY, ADD. */
    public boolean isStep() {
        return WORK.contains(instruction);
    }

    /** The name for progress lines: {@code [setup 3/7] RUN sh /tmp/pgimage/03-install-postgresql.sh}. */
    public String display() {
        return RUN_OPTION.matcher(name).replaceAll("");
    }
}
