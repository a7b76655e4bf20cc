package io.github.pgimage.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;

/** Maven's project.build.outputTimestamp stands in for SOURCE_DATE_EPOCH, which keeps priority. */
class SourceDateTest {

    @Test
    void outputTimestampFixesTheTimeWhenTheEnvironmentDoesNot() {
        Map<String, String> environment = SourceDate.environment(Map.of("PATH", "/bin"), "2024-05-01T12:00:00Z");

        assertEquals(Map.of("PATH", "/bin", "SOURCE_DATE_EPOCH", "1714564800"), environment);
        assertEquals(Optional.of(Instant.parse("2024-05-01T12:00:00Z")), SourceDate.of(environment));
        assertEquals(Instant.parse("2024-05-01T12:00:00Z"), ImageFiles.mtime(environment), "the context tar's time");
    }

    @Test
    void sourceDateEpochKeepsPriority() {
        Map<String, String> environment = Map.of("SOURCE_DATE_EPOCH", "1700000000");

        assertSame(environment, SourceDate.environment(environment, "2024-05-01T12:00:00Z"));
        assertEquals(Optional.of(Instant.ofEpochSecond(1700000000)), SourceDate.of(environment));
    }

    @Test
    void neitherFixesNoTime() {
        assertEquals(Map.of(), SourceDate.environment(Map.of(), null));
        assertEquals(Optional.empty(), SourceDate.of(Map.of()));
        assertEquals(Optional.empty(), SourceDate.of(Map.of("SOURCE_DATE_EPOCH", " ")));
    }

    @Test
    void outputTimestampIsReadAsMavensArchiverReadsIt() {
        assertEquals(Optional.of(Instant.ofEpochSecond(1714564800)), SourceDate.parseOutputTimestamp("1714564800"));
        assertEquals(Optional.of(Instant.parse("2024-05-01T12:00:00Z")),
                SourceDate.parseOutputTimestamp("2024-05-01T14:00:00+02:00"), "an offset is taken into account");
        assertEquals(Optional.of(Instant.parse("2024-05-01T12:00:00Z")),
                SourceDate.parseOutputTimestamp("2024-05-01T12:00:00.750Z"), "truncated to seconds");
        // a child pom turns an inherited timestamp off with one character
        assertEquals(Optional.empty(), SourceDate.parseOutputTimestamp("a"));
        assertEquals(Optional.empty(), SourceDate.parseOutputTimestamp(""));
        assertEquals(Optional.of(Instant.ofEpochSecond(7)), SourceDate.parseOutputTimestamp("7"), "one digit is a time");
    }

    @Test
    void aTimestampThatIsNoTimeNamesTheProperty() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> SourceDate.environment(Map.of(), "yesterday"));

        assertEquals(Optional.of(Setting.OUTPUT_TIMESTAMP), e.setting());
        assertEquals(Optional.of("yesterday"), e.value());
        assertTrue(e.getMessage().contains("neither an ISO-8601 date and time with an offset"), e.getMessage());
        assertThrows(InvalidSettingException.class, () -> SourceDate.parseOutputTimestamp("2024-05-01"),
                "a date alone has no time of day nor offset");
        assertThrows(InvalidSettingException.class, () -> SourceDate.parseOutputTimestamp("1960-01-01T00:00:00Z"));
    }

    @Test
    void aBadTimestampIsNotReadWhenTheEnvironmentFixesTheTime() {
        assertEquals(Map.of("SOURCE_DATE_EPOCH", "1"), SourceDate.environment(Map.of("SOURCE_DATE_EPOCH", "1"), "x y"));
    }
}
