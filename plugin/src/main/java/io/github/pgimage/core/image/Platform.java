package io.github.pgimage.core.image;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A platform an image is built for, as OCI and BuildKit spell it: {@code os/architecture[/variant]}, e.g.
 * {@code linux/amd64}, {@code linux/arm64}, {@code linux/arm/v7}. The names {@code uname -m} prints
 * ({@code x86_64}, {@code aarch64}) are taken for the OCI ones, and {@code arm64}'s only variant {@code v8} is dropped,
 * as BuildKit normalizes them, so that a requested platform compares equal to the one a worker lists.
 *
 * @param variant null when the architecture has none
 */
public record Platform(String os, String architecture, String variant) {
    private static final Pattern PART = Pattern.compile("[a-z0-9_]+");

    /**
     * The architectures images are built for: Go's GOARCH names, which OCI image indexes use. A name outside them is
     * a typo, not a platform that lacks an emulator.
     */
    private static final List<String> ARCHITECTURES = List.of("amd64", "arm64", "arm", "386", "ppc64le", "s390x",
            "riscv64", "mips64le", "mips64", "mipsle", "mips", "loong64", "ppc64", "wasm", "amd64p32", "arm64be",
            "armbe", "mips64p32", "mips64p32le", "ppc", "riscv", "s390", "sparc", "sparc64");
    /** Go's GOOS names, as OCI image indexes use them. */
    private static final List<String> SYSTEMS = List.of("linux", "windows", "freebsd", "darwin", "aix", "android",
            "dragonfly", "hurd", "illumos", "ios", "js", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "zos");

    public Platform {
        variant = variant == null || variant.isEmpty() ? null : variant;
    }

    /** One platform, normalized; {@code setting} is named when the text is not a platform. */
    public static Platform parse(String text, Setting setting) throws InvalidSettingException {
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split("/", -1);
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                throw new InvalidSettingException(setting, text, "'" + text.strip() + "' is not a platform: write"
                        + " os/architecture[/variant], e.g. linux/amd64 or linux/arm64");
            }
        }
        if (parts.length < 2 || parts.length > 3) {
            throw new InvalidSettingException(setting, text, "'" + text.strip() + "' is not a platform: write"
                    + " os/architecture[/variant], e.g. linux/amd64 or linux/arm64");
        }
        String arch = switch (parts[1]) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386" -> "386";
            case "armhf", "armel" -> "arm";
            default -> parts[1];
        };
        String variant = parts.length == 3 ? parts[2] : switch (parts[1]) {
            case "armhf" -> "v7";
            case "armel" -> "v6";
            default -> null;
        };
        if (!SYSTEMS.contains(parts[0])) {
            throw new InvalidSettingException(setting, text, "'" + text.strip() + "' names no operating system images"
                    + " are built for: '" + parts[0] + "' is none of " + String.join(", ", SYSTEMS.subList(0, 4))
                    + ", … (Go's GOOS names, which image indexes use); images of this plugin are linux ones. Check the"
                    + " spelling, e.g. linux/amd64");
        }
        if (!ARCHITECTURES.contains(arch)) {
            throw new InvalidSettingException(setting, text, "'" + text.strip() + "' names no architecture images are"
                    + " built for: '" + parts[1] + "' is none of " + String.join(", ", ARCHITECTURES.subList(0, 10))
                    + ", … (Go's GOARCH names, which image indexes use; x86_64 and aarch64 are taken too). Check the"
                    + " spelling, e.g. linux/arm64");
        }
        if (arch.equals("arm64") && "v8".equals(variant)) {
            variant = null;
        }
        return new Platform(parts[0], arch, variant);
    }

    /**
     * A comma list (the command line's form) or list entries that may each hold a comma list; blanks are skipped and
     * a platform named twice counts once.
     */
    public static List<Platform> parseAll(List<String> entries, Setting setting) throws InvalidSettingException {
        List<Platform> platforms = new ArrayList<>();
        for (String entry : entries) {
            if (entry == null) {
                continue;
            }
            for (String one : entry.split(",")) {
                if (one.isBlank()) {
                    continue;
                }
                Platform platform = parse(one, setting);
                if (!platforms.contains(platform)) {
                    platforms.add(platform);
                }
            }
        }
        return List.copyOf(platforms);
    }

    /** As a worker record spells it; unknown parts stay as given. */
    public static Platform of(String os, String architecture, String variant) {
        Platform parsed = new Platform(os.toLowerCase(Locale.ROOT), architecture.toLowerCase(Locale.ROOT),
                variant == null ? null : variant.toLowerCase(Locale.ROOT));
        if (parsed.architecture.equals("arm64") && "v8".equals(parsed.variant)) {
            return new Platform(parsed.os, "arm64", null);
        }
        return parsed;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
