package io.github.pgimage.core.buildkit;

import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.session.BuildSession;
import io.github.pgimage.core.session.filesync.FileSyncActivity;
import io.github.pgimage.core.session.filesync.FileSyncService;

/**
 * BuildKit through the engine's {@code POST /build?version=2}: the cheapest door in a fresh JVM (HTTP/1.1 and one
 * stream of JSON lines; no gRPC client). Secrets, registry logins for pulls and a context over file sync come over a
 * session the engine opens back to the plugin ({@code POST /session}), which API 1.53 deprecates: without it, this
 * door has none of those. One platform per build, inline cache only, no attestations or archive.
 */
public final class BuildApiBuilder implements Builder {
    private final EngineGateway engine;
    private final BuilderInfo info;
    private final boolean sessions;

    /**
     * @param sessions the engine serves {@code POST /session}
     */
    public BuildApiBuilder(EngineGateway engine, BuilderInfo info, boolean sessions) {
        this.engine = engine;
        this.info = info;
        this.sessions = sessions;
    }

    /** What this door can do on an engine: with {@code /session}, what a session serves too. */
    public static Set<Feature> features(boolean sessions) {
        Set<Feature> features = EnumSet.of(Feature.CACHE_IMPORT, Feature.INLINE_CACHE);
        if (sessions) {
            features.addAll(List.of(Feature.SECRETS, Feature.REGISTRY_LOGINS, Feature.CONTEXT_FILE_SYNC));
        }
        return features;
    }

    @Override
    public BuilderInfo info() {
        return info;
    }

    @Override
    public Set<Feature> features() {
        return features(sessions);
    }

    @Override
    public List<Platform> platforms() {
        return List.of();
    }

    @Override
    public Built build(BuildJob job) throws EngineException, IOException {
        boolean sessionNeeded = sessions && (!job.secrets().isEmpty() || job.loginsAsked());
        boolean inSession = sessions && (job.transfer() == ContextTransfer.SESSION
                || job.transfer() == ContextTransfer.AUTO && sessionNeeded);
        FileSyncService files = inSession ? FileSyncService.forContext(job.context().files(), job.mtime(),
                job.sourceDirectory(), job.context().digests()) : null;
        try (BuildSession session = sessionNeeded || files != null
                ? BuildSession.open(engine, job.secrets(), job.logins(), files) : null) {
            BuildRequest.Builder request = job.request().toBuilder(() -> Files.newInputStream(job.context().file()))
                    .untagged(); // tags move once every output is written, by the caller
            if (session != null) {
                request.sessionId(session.id()).contextInSession(files != null);
            }
            BuildResult result;
            try {
                result = new ImageBuilder(engine, job.listener()).build(request.build());
            } finally {
                if (files != null) {
                    job.listener().info("Context: " + files.activity().totals().describe());
                }
                if (session != null) {
                    BuildSession.warnAboutLogins(session, job.listener());
                }
            }
            FileSyncActivity activity = files == null ? null : files.activity();
            BuildReport.ContextSent sent = activity == null
                    ? new BuildReport.ContextSent("tar", job.context().entries(), job.context().entries(),
                    Files.size(job.context().file()))
                    : new BuildReport.ContextSent("session", activity.totals().filesListed(),
                    activity.totals().filesSent(), activity.totals().bytesSent());
            return new Built(result.imageId(), result.steps(), sent, activity, null, job.request().platforms(),
                    null, null, null, true);
        }
    }

    @Override
    public void close() {
        // the engine's gateway is the caller's
    }
}
