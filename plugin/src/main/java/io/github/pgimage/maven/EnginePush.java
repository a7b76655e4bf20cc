package io.github.pgimage.maven;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.maven.plugin.logging.Log;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.registry.DigestFile;
import io.github.pgimage.core.registry.ImagePusher;
import io.github.pgimage.core.registry.PushResult;
import io.github.pgimage.core.registry.RegistryLogins;
import io.github.pgimage.core.registry.RetryPolicy;
import io.github.pgimage.core.session.SecretMasker;

/**
 * Pushes every reference through the engine ({@code POST /images/…/push}) with the given logins and writes
 * {@code image.digest}: the {@code push} goal, and the {@code build} goal's {@code push} option on a builder that
 * cannot push as it exports. A class of its own, so that goals which never push (dockerfile, context) do not load
 * the pusher and the engine types with the Mojos' common base class.
 */
final class EnginePush {
    private EnginePush() {
    }

    /** @return the digest the registry serves, as written to {@code image.digest} */
    static String push(Log log, Path outputDirectory, EngineGateway engine, List<ImageReference> references,
                       RegistryLogins logins, SecretMasker masker, int attempts) throws PgImageException {
        DigestFile.remove(outputDirectory); // a failed push leaves none rather than an earlier push's
        PushResult result = new ImagePusher(engine, logins, new MavenProgressListener(log, masker),
                new RetryPolicy(attempts, RetryPolicy.DEFAULT.firstDelay())).push(references);
        Path file = DigestFile.write(outputDirectory, result.digest());
        log.info("Pushed " + references.stream().map(ImageReference::toString).collect(Collectors.joining(", "))
                + " with digest " + result.digest() + " (written to " + file + ")");
        return result.digest();
    }
}
