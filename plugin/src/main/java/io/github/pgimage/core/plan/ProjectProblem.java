package io.github.pgimage.core.plan;

/**
 * One reason the project cannot be built, named by the file (or parameter) at fault and what to do about it.
 *
 * @param where a path relative to the source directory, or a parameter name such as {@code <exposedPorts>}
 * @param what  what is wrong
 * @param fix   what the user should do
 */
public record ProjectProblem(String where, String what, String fix) {

    @Override
    public String toString() {
        return where + ": " + what + " -> " + fix;
    }
}
