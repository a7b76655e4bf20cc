package io.github.pgimage.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;

class ImageReferenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // reference,                         registry host,            repository,                     tag
            "postgres,                            docker.io,                postgres,                       latest",
            "postgres:16,                         docker.io,                postgres,                       16",
            "acme/pg:15,                          docker.io,                acme/pg,                        15",
            "docker.io/library/postgres:15,       docker.io,                docker.io/library/postgres,     15",
            "Index.Docker.io/acme/pg,             docker.io,                Index.Docker.io/acme/pg,        latest",
            "registry-1.docker.io/acme/pg:1,      docker.io,                registry-1.docker.io/acme/pg,   1",
            "localhost:5000/acme/pg:1.0-SNAPSHOT, localhost:5000,           localhost:5000/acme/pg,         1.0-SNAPSHOT",
            "localhost/acme/pg,                   localhost,                localhost/acme/pg,              latest",
            "registry.example.com/pg:15,          registry.example.com,     registry.example.com/pg,        15",
            "Registry.Example.com:443/pg,         registry.example.com:443, Registry.Example.com:443/pg,    latest",
    })
    void splitsAReferenceTheWayDockerReadsIt(String text, String host, String repository, String tag) {
        ImageReference reference = ImageReference.parse(text);

        assertEquals(host, reference.registryHost());
        assertEquals(repository, reference.repository());
        assertEquals(tag, reference.tagOrLatest());
        assertEquals(text, reference.toString(), "the reference keeps its spelling");
    }

    @Test
    void aDigestIsKeptApartFromTheTag() {
        String digest = "sha256:" + "a".repeat(64);
        ImageReference reference = ImageReference.parse("localhost:5000/pg:16@" + digest);

        assertEquals(Optional.of(digest), reference.digestValue());
        assertEquals("16", reference.tag());
        assertEquals("localhost:5000/pg", reference.repository());
    }

    @Test
    void dockerHubGoesByManyNames() {
        for (String name : List.of("postgres", "docker.io/postgres", "index.docker.io/library/postgres",
                "registry-1.docker.io/library/postgres", "registry.hub.docker.com/library/postgres")) {
            assertTrue(ImageReference.parse(name).isDockerHub(), name);
        }
        assertFalse(ImageReference.parse("ghcr.io/acme/pg").isDockerHub());
        assertEquals("docker.io", ImageReference.canonicalHost("Registry-1.Docker.IO"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Acme", "acme/PG:1", "acme/pg:", "acme/pg:-1", "acme//pg", "acme/pg@sha256:xyz",
            "acme/pg:1 2", "localhost:port/pg"})
    void rejectsWhatDockerRejects(String text) {
        PgImageException e = assertThrows(PgImageException.class, () -> ImageReference.parse(text));
        assertTrue(e.getMessage().contains("is not an image reference"), e.getMessage());
        assertEquals(Optional.of(text), e.value());
    }

    @Test
    void aSettingsValueErrorNamesTheSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ImageReference.parse("Acme/PG", Setting.BASE_IMAGE));
        assertEquals(Optional.of(Setting.BASE_IMAGE), e.setting());
        assertEquals(Optional.of("Acme/PG"), e.value());
    }

    @Test
    void theImageAndItsTagsResolveToFullReferencesImageFirst() {
        assertEquals(List.of("acme/pg:15.8", "acme/pg:15", "localhost:5000/acme/pg:15", "acme/pg:latest"),
                ImageReference.imageAndTags("acme/pg:15.8",
                                List.of("15", "localhost:5000/acme/pg:15", " ", "15", "acme/pg"))
                        .stream().map(ImageReference::toString).toList());
        assertEquals(List.of("acme/pg:latest"),
                ImageReference.imageAndTags("acme/pg", null).stream().map(ImageReference::toString).toList());
    }

    @Test
    void aBadTagNamesTheTagsSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ImageReference.imageAndTags("acme/pg:1", List.of("-bad")));
        assertEquals(Optional.of(Setting.TAGS), e.setting());

        InvalidSettingException digest = assertThrows(InvalidSettingException.class,
                () -> ImageReference.imageAndTags("acme/pg@sha256:" + "a".repeat(64), List.of()));
        assertEquals(Optional.of(Setting.IMAGE), digest.setting());
        assertTrue(digest.getMessage().contains("names a digest"), digest.getMessage());
    }

    @Test
    void referencesAreEqualWhenEveryPartIs() {
        ImageReference reference = ImageReference.parse("localhost:5000/acme/pg:16@sha256:" + "a".repeat(64));

        assertEquals(reference, ImageReference.parse(reference.toString()));
        assertEquals(reference.hashCode(), ImageReference.parse(reference.toString()).hashCode());
        assertEquals(java.util.Set.of(reference), java.util.Set.of(ImageReference.parse(reference.toString())));
        for (ImageReference other : List.of(ImageReference.parse("localhost:5001/acme/pg:16@sha256:" + "a".repeat(64)),
                ImageReference.parse("localhost:5000/acme/pg2:16@sha256:" + "a".repeat(64)),
                ImageReference.parse("localhost:5000/acme/pg:17@sha256:" + "a".repeat(64)),
                ImageReference.parse("localhost:5000/acme/pg:16"), ImageReference.parse("acme/pg:16"))) {
            assertFalse(reference.equals(other), other.toString());
        }
        assertFalse(reference.equals(reference.toString()), "a reference is not its text");
    }
}
