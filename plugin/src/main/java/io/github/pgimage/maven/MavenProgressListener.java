package io.github.pgimage.maven;

import org.apache.maven.plugin.logging.Log;

import io.github.pgimage.core.buildkit.ProgressListener;
import io.github.pgimage.core.session.SecretMasker;

/** Forwards build progress to the Maven log, with every secret value masked. */
final class MavenProgressListener implements ProgressListener {

    private final Log log;
    private final SecretMasker masker;

    MavenProgressListener(Log log, SecretMasker masker) {
        this.log = log;
        this.masker = masker;
    }

    @Override
    public void info(String line) {
        log.info(masker.mask(line));
    }

    @Override
    public void warn(String line) {
        log.warn(masker.mask(line));
    }

    @Override
    public void error(String line) {
        log.error(masker.mask(line));
    }

    @Override
    public void debug(String line) {
        if (log.isDebugEnabled()) {
            log.debug(masker.mask(line));
        }
    }
}
