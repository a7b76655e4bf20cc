package io.github.pgimage.core.buildkit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepNameTest {

    @Test
    void namedStageInstruction() {
        StepName name = StepName.parse("[setup 3/7] RUN --mount=type=bind,source=a,target=/b --mount=type=cache,target=/c sh /b").orElseThrow();

        assertEquals("setup", name.stage());
        assertEquals(3, name.index());
        assertEquals(7, name.count());
        assertEquals("RUN", name.instruction());
        assertTrue(name.isStep());
        assertEquals("[setup 3/7] RUN sh /b", name.display());
    }

    @Test
    void unnamedStageAndNonWorkInstructions() {
        StepName copy = StepName.parse("[2/3] COPY a /a").orElseThrow();
        assertNull(copy.stage());
        assertTrue(copy.isStep());
        assertTrue(StepName.parse("[runtime 1/4] ADD x /x").orElseThrow().isStep());
        assertFalse(StepName.parse("[setup 1/4] FROM docker.io/library/debian:bookworm-slim").orElseThrow().isStep());
    }

    @Test
    void internalVerticesAreNoInstructions() {
        assertTrue(StepName.parse("[internal] load build definition from Dockerfile").isEmpty());
        assertTrue(StepName.parse("exporting to image").isEmpty());
        assertTrue(StepName.parse("copy /context /").isEmpty());
        assertTrue(StepName.parse("").isEmpty());
    }

    @Test
    void aBuildForSeveralPlatformsNamesThePlatformFirst() {
        StepName name = StepName.parse("[linux/arm64 setup 3/7] RUN --mount=type=bind,source=a,target=/b sh /b").orElseThrow();

        assertEquals("linux/arm64", name.platform());
        assertEquals("setup", name.stage());
        assertEquals(3, name.index());
        assertEquals("[linux/arm64 setup 3/7] RUN sh /b", name.display());
        assertEquals("linux/arm/v7", StepName.parse("[linux/arm/v7 runtime 2/4] COPY a /a").orElseThrow().platform());
        assertEquals("linux/amd64->linux/arm64",
                StepName.parse("[linux/amd64->linux/arm64 build 1/2] RUN x").orElseThrow().platform());
        StepName unnamed = StepName.parse("[linux/amd64 2/3] COPY a /a").orElseThrow();
        assertEquals("linux/amd64", unnamed.platform());
        assertNull(unnamed.stage());
        assertNull(StepName.parse("[setup 3/7] RUN x").orElseThrow().platform());
        assertNull(StepName.parse("[2/3] COPY a /a").orElseThrow().platform());
    }
}
