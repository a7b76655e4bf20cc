package io.github.pgimage.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.engine.FakeEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.registry.DigestFile;
import io.github.pgimage.core.registry.RegistryAuthException;
import io.github.pgimage.core.registry.RegistryLogins;
import io.github.pgimage.core.registry.SettingsServers;
import io.github.pgimage.core.session.SecretMasker;

/**
 * image.digest around a push through the engine (a fake one: the logic above the gateway): a push that fails leaves
 * no digest of an earlier push beside the new image; one that succeeds writes its own.
 */
class EnginePushTest {
    private static final ImageReference IMAGE = ImageReference.parse("localhost:5000/acme/pg:16");
    private static final String OLD = "sha256:" + "0d".repeat(32);
    private static final String NEW = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine();

    @Test
    void aFailedPushLeavesNoDigestOfAnEarlierOne() throws Exception {
        DigestFile.write(dir, OLD);
        engine.images.put(IMAGE.toString(), "sha256:" + "01".repeat(32));
        engine.pushAnswers.add(FakeEngine.lines("{\"errorDetail\":{\"message\":\"no basic auth credentials\"},"
                + "\"error\":\"no basic auth credentials\"}"));

        assertThrows(RegistryAuthException.class, () -> push());

        assertFalse(Files.exists(dir.resolve(DigestFile.NAME)));
    }

    @Test
    void aPushWritesItsOwnDigest() throws Exception {
        DigestFile.write(dir, OLD);
        engine.images.put(IMAGE.toString(), "sha256:" + "01".repeat(32));
        engine.pushAnswers.add(FakeEngine.lines("{\"aux\":{\"Tag\":\"16\",\"Digest\":\"" + NEW + "\",\"Size\":1}}"));

        push();

        assertEquals(NEW + "\n", Files.readString(dir.resolve(DigestFile.NAME)));
    }

    private void push() {
        RegistryLogins noLogins = RegistryLogins.standard(new SettingsServers(), Map.of(), dir.resolve("home"));
        EnginePush.push(new SystemStreamLog(), dir, engine, List.of(IMAGE), noLogins, SecretMasker.of(List.of()), 1);
    }
}
