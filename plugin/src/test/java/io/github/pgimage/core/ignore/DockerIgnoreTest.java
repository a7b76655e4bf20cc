package io.github.pgimage.core.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Docker's .dockerignore behaviour, as documented (docs.docker.com, "Build context" / ".dockerignore files") and
 * as moby's patternmatcher implements it. Each row: the file's lines joined by '|', a context path, and whether
 * Docker leaves that path out of the context.
 */
class DockerIgnoreTest {

    enum Outcome { EXCLUDED, INCLUDED }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1} {2}")
    @CsvSource(delimiter = ',', quoteCharacter = '\'', textBlock = """
            # Docker documentation examples
            '*/temp*',                               somedir/temporary.txt,        EXCLUDED
            '*/temp*',                               somedir/temp/inside.txt,      EXCLUDED
            '*/temp*',                               temporary.txt,                INCLUDED
            '*/*/temp*',                             somedir/subdir/temporary.txt, EXCLUDED
            '*/*/temp*',                             somedir/temporary.txt,        INCLUDED
            'temp?',                                 tempa,                        EXCLUDED
            'temp?',                                 temp,                         INCLUDED
            'temp?',                                 tempab,                       INCLUDED
            '**/*.go',                               a/b/c.go,                     EXCLUDED
            '**/*.go',                               main.go,                      EXCLUDED
            '**/*.go',                               a/b.go/c.txt,                 EXCLUDED
            '**/*.go',                               a/b/c.gox,                    INCLUDED
            '**/?.go',                               a/bc.go,                      INCLUDED
            '**/?.go',                               a/c.go,                       EXCLUDED
            '*.md|!README.md',                       README.md,                    INCLUDED
            '*.md|!README.md',                       CHANGELOG.md,                 EXCLUDED
            '*.md|!README*.md|README-secret.md',     README-secret.md,             EXCLUDED
            '*.md|!README*.md|README-secret.md',     README-public.md,             INCLUDED
            '*.md|README-secret.md|!README*.md',     README-secret.md,             INCLUDED
            # comments, blank lines, whitespace
            '#secret.txt',                           secret.txt,                   INCLUDED
            '  #secret.txt',                         '#secret.txt',                EXCLUDED
            '\\#secret.txt',                         '#secret.txt',                EXCLUDED
            '|   *.log   ||',                        app.log,                      EXCLUDED
            '!  *.log|*.log',                        app.log,                      EXCLUDED
            '*.log|  !  app.log  ',                  app.log,                      INCLUDED
            # paths are relative to the context root and cleaned
            '/build',                                build/app.jar,                EXCLUDED
            './build',                               build,                        EXCLUDED
            'build/',                                build/app.jar,                EXCLUDED
            'a//b/../c/.',                           a/c/x,                        EXCLUDED
            'build',                                 ./build/app.jar,              EXCLUDED
            'build',                                 other/build,                  INCLUDED
            # a directory match covers everything below it
            'dir',                                   dir/a/b,                      EXCLUDED
            'dir',                                   dirx,                         INCLUDED
            'dir/**',                                dir,                          INCLUDED
            'dir/**',                                dir/a/b,                      EXCLUDED
            '*',                                     x/y,                          EXCLUDED
            '*.go',                                  pkg/main.go,                  INCLUDED
            '.*',                                    .git/config,                  EXCLUDED
            '.*',                                    src/.hidden,                  INCLUDED
            '**/.git',                               vendor/x/.git/HEAD,           EXCLUDED
            # exceptions re-include below an excluded directory; the last matching line wins
            'docs|!docs/README.md',                  docs/README.md,               INCLUDED
            'docs|!docs/README.md',                  docs/other.md,                EXCLUDED
            'docs/*|!docs/README.md',                docs/README.md,               INCLUDED
            '**|!util/docker/web',                   util/docker/web/foo,          INCLUDED
            '**|!util/docker/web|util/docker/web/foo', util/docker/web/foo,        EXCLUDED
            '!README.md|*.md',                       README.md,                    EXCLUDED
            'dir|!dir/keep|dir/keep/*.tmp',          dir/keep/a.tmp,               EXCLUDED
            'dir|!dir/keep|dir/keep/*.tmp',          dir/keep/a.txt,               INCLUDED
            # '**' is any number of directories, including none
            '**/dir2/*',                             dir/dir2/file,                EXCLUDED
            '**/foo/bar',                            foo/bar,                      EXCLUDED
            '**/foo/bar',                            dir/dir2/foo/bar,             EXCLUDED
            'a**/*.txt',                             a/dir/dir/file.txt,           EXCLUDED
            'a/*.txt',                               a/dir/file.txt,               INCLUDED
            'a/**/z',                                a/z,                          EXCLUDED
            'a/**/z',                                a/b/c/z,                      EXCLUDED
            '**/.foo',                               bar.foo,                      INCLUDED
            '**file',                                dir/myfile,                   EXCLUDED
            # classes, '?' and escapes; other regex characters are literal
            'a[b-d]e',                               ace,                          EXCLUDED
            'a[b-d]e',                               aae,                          INCLUDED
            'a[^b-d]e',                              aze,                          EXCLUDED
            'a[\\]]e',                               a]e,                          EXCLUDED
            'abc.def',                               abcZdef,                      INCLUDED
            'abc?def',                               abcZdef,                      EXCLUDED
            'a\\*b',                                 a*b,                          EXCLUDED
            'a\\*b',                                 axb,                          INCLUDED
            'a(b)c/def',                             a(b)c/def,                    EXCLUDED
            'dist/*.whl',                            dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl, EXCLUDED
            'données/*',                             données/x.csv,                EXCLUDED
            """)
    void followsDockerSemantics(String lines, String path, Outcome expected) {
        DockerIgnore ignore = DockerIgnore.parse(lines.replace('|', '\n'));

        assertEquals(expected == Outcome.EXCLUDED, ignore.isExcluded(path),
                () -> "patterns " + ignore.patterns() + ", path " + path);
    }

    @Test
    void noDockerignoreExcludesNothing() {
        assertFalse(DockerIgnore.none().isExcluded("anything/at/all"));
        assertEquals(List.of(), DockerIgnore.parse("# only a comment\n\n").patterns());
    }

    @Test
    void theContextRootItselfIsNeverExcluded() {
        DockerIgnore ignore = DockerIgnore.parse("**\n*\n.");

        assertFalse(ignore.isExcluded("."));
        assertFalse(ignore.isExcluded(""));
        assertTrue(ignore.isExcluded("x"));
    }

    @Test
    void listsPatternsCleanedAsDockerDoes() {
        DockerIgnore ignore = DockerIgnore.parse("\uFEFF# build output\r\n/target/\r\n  ! ./docs//keep.md \r\n**/*.tmp\n");

        assertEquals(List.of("target", "!docs/keep.md", "**/*.tmp"), ignore.patterns());
        assertTrue(ignore.isExcluded("target/classes/A.class"));
        assertFalse(ignore.isExcluded("docs/keep.md"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "a[bc", "[]", "a[]b", "[z-a]", "[a-]", "a\\", "!", "!   ", "!/"})
    void rejectsMalformedPatternsLikeDocker(String pattern) {
        DockerIgnoreException e = assertThrows(DockerIgnoreException.class,
                () -> DockerIgnore.parse("*.log\n" + pattern));

        assertTrue(e.getMessage().startsWith("line 2: "), e.getMessage());
        assertTrue(e.getMessage().contains(pattern.strip()), e.getMessage());
    }
}
