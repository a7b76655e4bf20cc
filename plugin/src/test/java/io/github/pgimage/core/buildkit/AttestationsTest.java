package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttestationsTest {

    @Test
    void unsetProvenanceIsMinWhenBuildKitPushesAndNothingOtherwise() {
        Attestations unset = Attestations.parse(null, null);

        assertEquals(Map.of("attest:provenance", "mode=min"), unset.frontendAttrs(true));
        assertEquals(Map.of(), unset.frontendAttrs(false));
        assertFalse(unset.requested());
    }

    @Test
    void falseMeansNoProvenanceAttributeAtAllEvenWhenPushing() {
        assertEquals(Map.of(), Attestations.parse("false", "false").frontendAttrs(true));
    }

    @Test
    void maxAndAScannerImageAreBuildxsFrontendOptions() {
        Attestations attestations = Attestations.parse("max", "localhost:5000/tools/scanner:1");

        assertEquals(Map.of("attest:provenance", "mode=max", "attest:sbom", "generator=localhost:5000/tools/scanner:1"),
                attestations.frontendAttrs(false));
        assertTrue(attestations.requested());
    }

    @Test
    void sbomTrueIsBuildKitsDefaultScannerAndBuildxSpellingsAreAccepted() {
        assertEquals(Attestations.DEFAULT_SCANNER, Attestations.parse(null, "true").sbomScanner());
        assertEquals("acme/scanner:2", Attestations.parse("mode=max", "generator=acme/scanner:2").sbomScanner());
        assertEquals(Attestations.Provenance.MAX, Attestations.parse("mode=max", null).provenance());
        assertEquals(Attestations.Provenance.MIN, Attestations.parse("true", null).provenance());
        assertNull(Attestations.parse(null, " ").sbomScanner());
    }

    @Test
    void aProvenanceOutsideMinMaxFalseIsRefusedNamingTheValue() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Attestations.parse("full", null));

        assertEquals(Setting.PROVENANCE, e.setting().orElseThrow());
        assertEquals("full", e.value().orElseThrow());
        assertTrue(e.getMessage().contains("none of min, max, false"), e.getMessage());
    }

    @Test
    void anSbomThatIsNoImageReferenceIsRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Attestations.parse(null, "Yes Please"));

        assertEquals(Setting.SBOM, e.setting().orElseThrow());
        assertTrue(e.getMessage().contains("neither true, false nor a scanner image"), e.getMessage());
    }
}
