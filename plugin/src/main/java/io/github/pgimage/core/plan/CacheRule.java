package io.github.pgimage.core.plan;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * When one setup or builder step must rerun although its files did not change: every period (a step that installs
 * packages, so that the image picks up the PostgreSQL minor release and Debian's security fixes), or when a value
 * the user supplies changes (the PostgreSQL minor version, a key CI provides). Rerunning a step reruns every step
 * after it; the steps before it stay cached.
 *
 * @param step  the script's number ({@code 03}) or name ({@code 03-install-postgresql.sh})
 * @param every ISO-8601 period ({@code P1D}, {@code P7D}, {@code PT12H}, {@code P2W}), or null
 * @param value any text, or null; only its hash reaches the Dockerfile, so a secret value does not leak
 */
public record CacheRule(String step, String every, String value) {

    public CacheRule {
        Objects.requireNonNull(step, "step");
    }

    public static CacheRule every(String step, String period) {
        return new CacheRule(step, period, null);
    }

    public static CacheRule onValue(String step, String value) {
        return new CacheRule(step, null, value);
    }

    /** The period as a duration; weeks ({@code P2W}) are accepted as 7 days each. */
    public Duration period() {
        String text = every.strip().toUpperCase(java.util.Locale.ROOT);
        java.util.regex.Matcher weeks = java.util.regex.Pattern.compile("P(\\d+)W").matcher(text);
        if (weeks.matches()) {
            return Duration.ofDays(7L * Long.parseLong(weeks.group(1)));
        }
        return Duration.parse(text);
    }

    /** Null when the rule is fine, else what is wrong with it. */
    String problem() {
        if (every == null && value == null) {
            return "has neither a period nor a value, so it never reruns the step";
        }
        if (every != null) {
            try {
                if (period().isNegative() || period().isZero()) {
                    return "period '" + every + "' is not positive";
                }
            } catch (DateTimeParseException | ArithmeticException e) {
                return "period '" + every + "' is not an ISO-8601 period such as P1D, P7D or PT12H";
            }
        }
        return null;
    }

    /** How the rule reads in the log and the report. */
    public String describe() {
        if (every != null && value != null) {
            return "every " + every + " or when its value changes";
        }
        return every != null ? "every " + every : "when its value changes";
    }
}
