package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheSpecTest {

    @Test
    void aPlainReferenceInCacheFromKeepsItsMeaningARegistryImportOfThatImage() {
        CacheSpec spec = CacheSpec.parseImport("localhost:5000/acme/pg:1");

        assertEquals(new CacheSpec("registry", Map.of("ref", "localhost:5000/acme/pg:1")), spec);
        assertEquals("localhost:5000/acme/pg:1", spec.location());
    }

    @Test
    void aPlainReferenceInCacheToIsARegistryCacheThere() {
        CacheSpec spec = CacheSpec.parseExport("localhost:5000/acme/pg:cache");

        assertEquals("registry", spec.type());
        assertEquals("localhost:5000/acme/pg:cache", spec.attrs().get("ref"));
        assertFalse(spec.allStages());
    }

    @Test
    void aRegistryExportWithModeMaxCachesEveryStage() {
        CacheSpec spec = CacheSpec.parseExport("type=registry,ref=localhost:5000/acme/pg:cache,mode=max,image-manifest=true");

        assertEquals(Map.of("ref", "localhost:5000/acme/pg:cache", "mode", "max", "image-manifest", "true"), spec.attrs());
        assertTrue(spec.allStages());
        assertEquals("type=registry,ref=localhost:5000/acme/pg:cache,mode=max,image-manifest=true", spec.toString());
    }

    @Test
    void localCacheWritesToDestAndReadsFromSrc() {
        assertEquals(Map.of("dest", "target/cache", "mode", "max"),
                CacheSpec.parseExport("type=local,dest=target/cache,mode=max").attrs());
        assertEquals(Map.of("src", "target/cache"), CacheSpec.parseImport("type=local,src=target/cache").attrs());
        assertEquals("target/cache", CacheSpec.parseImport("type=local,src=target/cache").location());
    }

    @Test
    void inlineIsAnExportWithoutAttributes() {
        assertEquals(new CacheSpec("inline", Map.of()), CacheSpec.parseExport("type=inline"));
    }

    @Test
    void keysAreCaseInsensitiveAndAQuotedValueMayHoldACommaOrSpaces() {
        CacheSpec spec = CacheSpec.parseExport("TYPE=local, \"dest=/tmp/a,b\" ,mode=min");

        assertEquals(Map.of("dest", "/tmp/a,b", "mode", "min"), spec.attrs());
    }

    @Test
    void aTypoedModeIsRefusedNamingTheValueAndTheSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CacheSpec.parseExport("type=registry,ref=localhost:5000/pg:cache,mode=maximum"));

        assertEquals(Setting.CACHE_TO, e.setting().orElseThrow());
        assertEquals("type=registry,ref=localhost:5000/pg:cache,mode=maximum", e.value().orElseThrow());
        assertTrue(e.getMessage().contains("mode=maximum is neither min nor max"), e.getMessage());
    }

    @Test
    void anUnknownAttributeIsRefusedWithTheKnownOnes() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CacheSpec.parseExport("type=registry,ref=localhost:5000/pg:cache,mod=max"));

        assertTrue(e.getMessage().contains("unknown attribute 'mod'"), e.getMessage());
        assertTrue(e.getMessage().contains("mode"), e.getMessage());
    }

    @Test
    void aRegistryCacheNeedsARefThatIsAnImageReference() {
        InvalidSettingException noRef = assertThrows(InvalidSettingException.class,
                () -> CacheSpec.parseExport("type=registry,mode=max"));
        assertTrue(noRef.getMessage().contains("type=registry needs ref="), noRef.getMessage());

        InvalidSettingException badRef = assertThrows(InvalidSettingException.class,
                () -> CacheSpec.parseImport("type=registry,ref=Acme/PG:cache"));
        assertEquals(Setting.CACHE_FROM, badRef.setting().orElseThrow());
        assertTrue(badRef.getMessage().contains("'Acme/PG:cache' is not an image reference"), badRef.getMessage());
    }

    @Test
    void localCacheNeedsItsFolderOnTheRightSide() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CacheSpec.parseImport("type=local,dest=target/cache"));

        assertTrue(e.getMessage().contains("type=local needs src=<folder>"), e.getMessage());
    }

    @Test
    void typesThePluginDoesNotServeAreNamed() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CacheSpec.parseExport("type=gha,scope=main"));

        assertTrue(e.getMessage().contains("type=gha is not a cache type the plugin serves"), e.getMessage());
    }

    @Test
    void importsTakeNoModeAndNoInline() {
        assertThrows(InvalidSettingException.class, () -> CacheSpec.parseImport("type=registry,ref=r:1,mode=max"));
        InvalidSettingException inline = assertThrows(InvalidSettingException.class,
                () -> CacheSpec.parseImport("type=inline"));
        assertTrue(inline.getMessage().contains("type=inline is an export"), inline.getMessage());
    }

    @Test
    void brokenFieldsAreNamed() {
        assertTrue(assertThrows(InvalidSettingException.class, () -> CacheSpec.parseExport("type=local,dest"))
                .getMessage().contains("'dest' is not key=value"));
        assertTrue(assertThrows(InvalidSettingException.class, () -> CacheSpec.parseExport("ref=r:1,mode=max"))
                .getMessage().contains("no type="));
        assertTrue(assertThrows(InvalidSettingException.class,
                () -> CacheSpec.parseExport("type=local,dest=a,dest=b")).getMessage().contains("'dest' is given twice"));
        assertTrue(assertThrows(InvalidSettingException.class, () -> CacheSpec.parseExport(" "))
                .getMessage().contains("an empty cache export"));
    }

    @Test
    void aLocalCacheNamesItsIndexTagAndAnImportMayNameTheManifestByDigest() {
        assertEquals(Map.of("dest", "target/cache", "tag", "pg16"),
                CacheSpec.parseExport("type=local,dest=target/cache,tag=pg16").attrs());
        String digest = "sha256:" + "0".repeat(64);
        assertEquals(Map.of("src", "target/cache", "digest", digest),
                CacheSpec.parseImport("type=local,src=target/cache,digest=" + digest).attrs());
        assertTrue(assertThrows(InvalidSettingException.class, () -> CacheSpec.parseImport("type=local,src=c,digest=abc"))
                .getMessage().contains("digest=abc is not a sha256 digest"));
        assertTrue(assertThrows(InvalidSettingException.class, () -> CacheSpec.parseExport("type=local,dest=c,digest=" + digest))
                .getMessage().contains("unknown attribute 'digest' (known: dest, tag,"));
    }
}
