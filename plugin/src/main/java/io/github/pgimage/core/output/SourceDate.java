package io.github.pgimage.core.output;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;

/**
 * The one time a reproducible build stamps on what it makes (the context tar's entries, the image's and its history's
 * creation time, the {@code created} label): {@code SOURCE_DATE_EPOCH} from the environment (reproducible-builds.org)
 * when set, else the build tool's own fixed timestamp (Maven's {@code project.build.outputTimestamp}, which the jar
 * plugin and others already follow). The environment keeps priority, as it does for those plugins.
 */
public final class SourceDate {
    /** The environment variable every reproducible-builds tool reads. */
    public static final String VARIABLE = "SOURCE_DATE_EPOCH";

    private SourceDate() {
    }

    /**
     * {@code environment} with {@code SOURCE_DATE_EPOCH} set to {@code outputTimestamp} when it has none: what the
     * context tar and the build read the time from.
     *
     * @param outputTimestamp an ISO-8601 date and time with an offset, or whole seconds since 1970; null, blank or
     *                        one character that is not a digit (the habit that turns it off in a child pom) for none
     * @throws InvalidSettingException when {@code outputTimestamp} is needed and is neither
     */
    public static Map<String, String> environment(Map<String, String> environment, String outputTimestamp) {
        String epoch = environment.get(VARIABLE);
        if (epoch != null && !epoch.isBlank()) {
            return environment;
        }
        Optional<Instant> timestamp = parseOutputTimestamp(outputTimestamp);
        if (timestamp.isEmpty()) {
            return environment;
        }
        Map<String, String> withTimestamp = new HashMap<>(environment);
        withTimestamp.put(VARIABLE, Long.toString(timestamp.get().getEpochSecond()));
        return withTimestamp;
    }

    /** The time the environment fixes ({@code SOURCE_DATE_EPOCH}), if it fixes one. */
    public static Optional<Instant> of(Map<String, String> environment) {
        String epoch = environment.get(VARIABLE);
        return epoch == null || epoch.isBlank() ? Optional.empty() : Optional.of(ImageFiles.mtime(environment));
    }

    /**
     * Maven's {@code project.build.outputTimestamp} as Maven's archiver reads it: whole seconds since 1970, or an
     * ISO-8601 date and time with an offset ({@code 2024-05-01T12:00:00Z}, {@code 2024-05-01T14:00:00+02:00}),
     * truncated to seconds; none when unset, blank, or a single non-digit character.
     */
    public static Optional<Instant> parseOutputTimestamp(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
            } catch (NumberFormatException e) {
                throw invalid(value, e);
            }
        }
        if (text.length() < 2) {
            return Optional.empty();
        }
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.SECONDS);
            if (instant.getEpochSecond() < 0) { // a tar entry's time cannot be before 1970
                throw new InvalidSettingException(Setting.OUTPUT_TIMESTAMP, value, "'" + value
                        + "' is before 1970; set a later time, e.g. the last commit's");
            }
            return Optional.of(instant);
        } catch (DateTimeException e) {
            throw invalid(value, e);
        }
    }

    private static InvalidSettingException invalid(String value, Exception cause) {
        return new InvalidSettingException(Setting.OUTPUT_TIMESTAMP, value, "'" + value + "' is neither an ISO-8601"
                + " date and time with an offset (2024-05-01T12:00:00Z) nor whole seconds since 1970", cause);
    }
}
