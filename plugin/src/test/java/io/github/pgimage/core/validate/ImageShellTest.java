package io.github.pgimage.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the project says about bash in the image, before anything is built. */
class ImageShellTest {

    private static final Map<String, String> SH_SCRIPT = Map.of("setup/scripts/01-base.sh", "#!/bin/sh\necho base\n");

    @ParameterizedTest
    @CsvSource({
            "debian:bookworm-slim, PRESENT",
            "postgres:16, PRESENT",
            "registry.example.com/library/ubuntu:24.04, PRESENT",
            "postgres:16-alpine, ABSENT",
            "alpine:3.20, ABSENT",
            "gcr.io/distroless/base-debian12, ABSENT",
            "busybox@sha256:0123, ABSENT",
            "registry.example.com/acme/base:1, UNKNOWN"})
    void theBaseImageSaysWhenNoSetupScriptDoes(String baseImage, ImageShell.Bash bash) {
        assertEquals(bash, ImageShell.of(baseImage, SH_SCRIPT, Map.of()).bash());
    }

    @Test
    void aSetupScriptUnderBashOrInstallingItOverridesTheBaseImage() {
        assertEquals(ImageShell.Bash.PRESENT, ImageShell.of("alpine:3.20",
                Map.of("setup/scripts/01-base.sh", "#!/usr/bin/env bash\necho base\n"), Map.of()).bash());
        assertEquals(ImageShell.Bash.PRESENT, ImageShell.of("alpine:3.20",
                Map.of("setup/scripts/01-base.sh", "#!/bin/sh\napk add --no-cache bash su-exec\n"), Map.of()).bash());
        assertEquals(ImageShell.Bash.PRESENT, ImageShell.of("acme/base:1", SH_SCRIPT,
                Map.of("setup/lib/apt.sh", ShellCode.of("apt-get install -y --no-install-recommends bash\n"))).bash());
        // a comment, or another package whose name starts with bash, does not install it
        assertEquals(ImageShell.Bash.ABSENT, ImageShell.of("alpine:3.20",
                Map.of("setup/scripts/01-base.sh", "#!/bin/sh\n# apk add bash\napk add bash-completion\n"), Map.of())
                .bash());
    }
}
