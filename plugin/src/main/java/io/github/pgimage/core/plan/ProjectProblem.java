package io.github.pgimage.core.plan;

import java.util.Objects;
import java.util.function.Function;

import io.github.pgimage.core.Setting;

/**
 * One reason the project cannot be built, named by the file or the setting at fault and what to do about it. A
 * setting is data, not words: the front end names it as its users write it ({@link #describe(Function)}).
 *
 * @param where   a path relative to the source directory (or a rule's name); null when a setting is at fault
 * @param setting the setting at fault, or null when a file is
 * @param what    what is wrong
 * @param fix     what the user should do
 */
public record ProjectProblem(String where, Setting setting, String what, String fix) {

    public ProjectProblem {
        if ((where == null) == (setting == null)) {
            throw new IllegalArgumentException("a problem names either a file or a setting");
        }
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(fix, "fix");
    }

    /** A problem of a file (or a rule) of the project. */
    public ProjectProblem(String where, String what, String fix) {
        this(where, null, what, fix);
    }

    /** A problem of a setting's value. */
    public static ProjectProblem of(Setting setting, String what, String fix) {
        return new ProjectProblem(null, Objects.requireNonNull(setting, "setting"), what, fix);
    }

    /** The problem in one line, a setting named by {@code settingName}. */
    public String describe(Function<Setting, String> settingName) {
        return (setting == null ? where : settingName.apply(setting)) + ": " + what + " -> " + fix;
    }

    /** The problem in one line, a setting named by its constant (a front end names it in its own words). */
    @Override
    public String toString() {
        return describe(Setting::name);
    }
}
