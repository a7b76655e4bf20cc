package io.github.pgimage.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The interpreter line as the kernel reads it, and the command the plugin runs a setup script with. */
class ShebangTest {

    @Test
    void theInterpreterAndOneOptionalArgument() {
        assertEquals(new Shebang("/bin/sh", ""), Shebang.of("#!/bin/sh\nset -eu\n").orElseThrow());
        assertEquals(new Shebang("/usr/bin/env", "bash"), Shebang.of("#! /usr/bin/env bash \n").orElseThrow());
        // the kernel passes everything after the interpreter as one argument
        assertEquals(new Shebang("/usr/bin/env", "-S bash -e"), Shebang.of("#!/usr/bin/env -S bash -e\n").orElseThrow());
        assertEquals(Optional.empty(), Shebang.of("#!\n"));
        assertEquals(Optional.empty(), Shebang.of("set -eu\n"));
    }

    @Test
    void runsTheScriptAsTheKernelWould() {
        assertEquals("/bin/sh /opt/pgimage/setup/scripts/01-x.sh",
                Shebang.of("#!/bin/sh").orElseThrow().commandFor("/opt/pgimage/setup/scripts/01-x.sh"));
        assertEquals("/usr/bin/env bash /opt/pgimage/setup/scripts/01-x.sh",
                Shebang.of("#!/usr/bin/env bash").orElseThrow().commandFor("/opt/pgimage/setup/scripts/01-x.sh"));
        assertEquals("/usr/bin/env '-S bash -e' /opt/x.sh",
                Shebang.of("#!/usr/bin/env -S bash -e").orElseThrow().commandFor("/opt/x.sh"));
        assertEquals("/bin/sh '-c echo '\\''hi'\\''' /opt/x.sh",
                Shebang.of("#!/bin/sh -c echo 'hi'").orElseThrow().commandFor("/opt/x.sh"));
    }

    @Test
    void knowsBash() {
        assertTrue(Shebang.of("#!/bin/bash").orElseThrow().isBash());
        assertTrue(Shebang.of("#!/usr/bin/env bash").orElseThrow().isBash());
        assertTrue(Shebang.of("#!/usr/bin/env -S bash -e").orElseThrow().isBash());
        assertFalse(Shebang.of("#!/bin/sh").orElseThrow().isBash());
        assertFalse(Shebang.of("#!/usr/bin/env python3").orElseThrow().isBash());
    }
}
