package io.github.pgimage.core.validate;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.pgimage.core.plan.Shebang;

/**
 * Whether the image will have bash, from what the project says before anything is built. The default entrypoint
 * decides at start for itself ({@code command -v bash}); this is what validation knows in advance, to tell a team
 * whose bash-only fragments would be sourced by sh before they fail at start:
 * <ul>
 * <li>present: a setup script runs under bash (the runtime stage starts from the setup stage, so bash is still
 *     there), a setup file installs a package named {@code bash}, or the base image is a distribution that ships
 *     it (Debian, Ubuntu, the official {@code postgres} image's Debian tags, Red Hat's family);</li>
 * <li>absent: none of that, and the base image is one that ships without bash (Alpine, BusyBox, distroless);</li>
 * <li>unknown: any other base image.</li>
 * </ul>
 */
final class ImageShell {

    enum Bash { PRESENT, ABSENT, UNKNOWN }

    /** A package manager asked to install a package named bash, on a code line. */
    private static final Pattern INSTALLS_BASH = Pattern.compile(
            "\\b(?:apk|apt-get|apt|dnf|yum|microdnf|zypper)\\b[^;&|]*\\b(?:add|install)\\b[^;&|]*(?<=\\s)bash(?=\\s|$|;|&|\\|)");

    /** Images (the last part of the repository) known to ship bash; a tag with "alpine" in it overrides. */
    private static final Set<String> WITH_BASH = Set.of("debian", "ubuntu", "postgres", "fedora", "centos",
            "rockylinux", "almalinux", "amazonlinux", "oraclelinux", "ubi8", "ubi9", "ubi", "ubi-minimal",
            "ubi8-minimal", "ubi9-minimal", "archlinux", "leap", "buildpack-deps", "timescaledb-ha", "postgis",
            "spilo", "postgresql");

    /** Images known to ship without bash. */
    private static final Set<String> WITHOUT_BASH = Set.of("alpine", "busybox", "scratch");

    private final Bash bash;
    private final String because;

    private ImageShell(Bash bash, String because) {
        this.bash = bash;
        this.because = because;
    }

    /**
     * @param setupScripts the setup stage's scripts by path, with their text (builder scripts run in a stage that
     *                     is thrown away, so they say nothing about the image)
     * @param setupLib     the {@code setup/lib} files by path, with their code
     */
    static ImageShell of(String baseImage, Map<String, String> setupScripts, Map<String, ShellCode> setupLib) {
        for (Map.Entry<String, String> script : setupScripts.entrySet()) {
            Optional<Shebang> shebang = Shebang.of(script.getValue());
            if (shebang.isPresent() && shebang.get().isBash()) {
                return new ImageShell(Bash.PRESENT, script.getKey() + " runs under bash");
            }
        }
        for (Map.Entry<String, String> script : setupScripts.entrySet()) {
            if (ShellCode.of(script.getValue()).firstLineMatching(INSTALLS_BASH) > 0) {
                return new ImageShell(Bash.PRESENT, script.getKey() + " installs bash");
            }
        }
        for (Map.Entry<String, ShellCode> lib : setupLib.entrySet()) {
            if (lib.getValue().firstLineMatching(INSTALLS_BASH) > 0) {
                return new ImageShell(Bash.PRESENT, lib.getKey() + " installs bash");
            }
        }
        String reference = baseImage.toLowerCase(Locale.ROOT);
        String withoutDigest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        String tag = colon > slash ? withoutDigest.substring(colon + 1) : "";
        String name = withoutDigest.substring(slash + 1, colon > slash ? colon : withoutDigest.length());
        String base = "the base image " + baseImage;
        if (WITHOUT_BASH.contains(name) || withoutDigest.contains("distroless") || tag.contains("alpine")) {
            return new ImageShell(Bash.ABSENT, base + " has no bash, and no setup script runs under bash or installs it");
        }
        if (WITH_BASH.contains(name)) {
            return new ImageShell(Bash.PRESENT, base + " has bash");
        }
        return new ImageShell(Bash.UNKNOWN, "the plugin cannot tell whether " + base + " has bash, and no setup"
                + " script runs under bash or installs it");
    }

    Bash bash() {
        return bash;
    }

    /** Why, for a message: {@code setup/scripts/01-base.sh runs under bash}. */
    String because() {
        return because;
    }
}
